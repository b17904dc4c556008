#!/usr/bin/env bats
# apply-boot stage 2 (after `pci-lu kexec`): the next kernel starts with an
# empty set; the commands of the installed pci-lu.service (ExecStartPre,
# ExecStart), run as systemd would at boot, recreate it from
# /etc/pci-lu.conf while the handed-over records are still incoming, so the
# set is in place before any agent finishes the session or plans the next
# update.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

UNIT=/usr/lib/systemd/system/pci-lu.service

@test "boot: the unit's commands restore the set from /etc/pci-lu.conf" {
	grep -qx 'ConditionPathExists=/etc/pci-lu.conf' "$UNIT"
	[ -f /etc/pci-lu.conf ]
	sed -n 's/^ExecStartPre=-//p' "$UNIT" >/tmp/pre
	sed -n 's/^ExecStart=//p' "$UNIT" >/tmp/start
	assert_equal "$(wc -l </tmp/pre) $(wc -l </tmp/start)" "1 1"
	sh -c "$(cat /tmp/pre)" || true	# "-": a failure is ignored
	run --separate-stderr sh -c "$(cat /tmp/start)"
	assert_success
	# opted in by this run: the set was empty after the kexec
	assert_output "$(printf '%s\n' '0000:03:00.0: opted in (status: ok)' \
		'/etc/pci-lu.conf: 1 opted in, 0 opted out, 0 unchanged')"
}

@test "the set is back while the records are still incoming" {
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run pci-lu incoming
	assert_line --regexp '^0000:03:00.0 +endpoint +1 +1 +ok +-$'
	run pci-lu list
	assert_line --index 1 --regexp '^0000:03:00.0 +1 +- +0000:00:04.0/00.0/00.0/00.0 +ok$'
	assert_equal "$(pcilu_bm 03:00.0)" 1
}

@test "finish --strict: every record matched; the set stays for the next update" {
	run pci-lu finish --strict
	assert_success
	assert_output "finished LUO session pci-lu: released 1 device and 3 bridges (0 did not match)"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	run pci-lu apply
	assert_success
	assert_output "/etc/pci-lu.conf: 0 opted in, 0 opted out, 1 unchanged"
	run pci-lu check
	assert_success
}
