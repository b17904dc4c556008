#!/usr/bin/env bats
# apply-boot stage 1: the persistent configuration.  /etc/pci-lu.conf and
# `pci-lu apply` against the real kernel: idempotent, opts out what the file
# no longer lists, a refused device fails (4) without stopping the rest, a
# needed change while a live update holds the set is busy (5).  Then
# `pci-lu kexec` (the scenario's kexec hook) into stage 2, where the boot-time
# unit restores the set.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

CONF=/etc/pci-lu.conf

@test "make install laid out the unit; /etc/pci-lu.conf lists the edu" {
	[ -f /usr/lib/systemd/system/pci-lu.service ]
	[ -x /usr/sbin/pci-lu ]
	printf '%s\n' '# kept through live updates' '03:00.0  # edu' >"$CONF"
	pcilu_load
}

@test "apply opts the edu in; a second run changes nothing (exit 0)" {
	run --separate-stderr pci-lu apply
	assert_success
	assert_output "$(printf '%s\n' '0000:03:00.0: opted in (status: ok)' \
		"$CONF: 1 opted in, 0 opted out, 0 unchanged")"
	run --separate-stderr pci-lu apply
	assert_success
	assert_output "$CONF: 0 opted in, 0 opted out, 1 unchanged"
	assert_equal "$stderr" ""
}

@test "apply with a device gone from the file opts it out" {
	printf '%s\n' 03:00.0 04:00.0 >/tmp/two.conf
	run pci-lu apply /tmp/two.conf
	assert_success
	[ -d "$PCILU_DEV/0000:04:00.0" ]
	run pci-lu apply
	assert_success
	assert_output "$(printf '%s\n' '0000:04:00.0: opted out' \
		"$CONF: 0 opted in, 1 opted out, 1 unchanged")"
	[ ! -e "$PCILU_DEV/0000:04:00.0" ]
}

@test "apply: a device the kernel refuses fails (exit 4), the others are applied" {
	printf '%s\n' 09:00.0 03:00.0 04:00.0 >/tmp/bad.conf
	run --separate-stderr pci-lu apply /tmp/bad.conf
	assert_failure 4
	assert_equal "$stderr" "pci-lu: apply: add 0000:09:00.0: no such PCI device"
	[ -d "$PCILU_DEV/0000:04:00.0" ]
	run pci-lu apply
	assert_success
	[ ! -e "$PCILU_DEV/0000:04:00.0" ]
}

@test "apply while a session holds the set: busy (5) if it must change, 0 if not" {
	pcilu_hold
	run pci-lu apply
	assert_success
	run --separate-stderr pci-lu apply /tmp/two.conf
	assert_failure 5
	kill -TERM "$PCILU_HOLDER"
	wait "$PCILU_HOLDER"
	pcilu_wait_state idle
	run pci-lu apply
	assert_success
	assert_output "$CONF: 0 opted in, 0 opted out, 1 unchanged"
}

@test "before the live update: Bus Master Enable on the edu" {
	pcilu_set_bm 03:00.0 1
	run pci-lu check
	assert_success
	assert_output "0000:03:00.0: can be preserved (status: ok)"
}
