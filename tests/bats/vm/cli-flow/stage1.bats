#!/usr/bin/env bats
# cli-flow stage 1: the whole live update driven by pci-lu alone. Opt in,
# check, inspect, hold and cancel a session, a refused kexec that cancels;
# then the scenario's kexec hook runs `pci-lu kexec`.
# JSON documents go to the console (cli.bash: json_out) for
# host.bats to validate with jq (the guest has no jq).

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load cli

@test "configfs loaded, nothing opted in, Bus Master Enable set on both edus" {
	pcilu_load
	run pci-lu list
	assert_success
	assert_output "no device is opted in"
	pcilu_set_bm 03:00.0 1
	pcilu_set_bm 04:00.0 1
}

@test "pci-lu add: the edu (short BDF) in; a bridge and a missing device refused (exit 4)" {
	run --separate-stderr pci-lu add 03:00.0 02:00.0 09:00.0
	assert_failure 4
	assert_output "0000:03:00.0: opted in (status: ok)"
	assert_equal "${stderr_lines[0]}" "pci-lu: add 0000:02:00.0: is a bridge or a virtual function (bridges are preserved implicitly)"
	assert_equal "${stderr_lines[1]}" "pci-lu: add 0000:09:00.0: no such PCI device"
	[ -d "$PCILU_DEV/0000:03:00.0" ]
}

@test "pci-lu add of the opted-in device again: idempotent (EEXIST), exit 0" {
	run --separate-stderr pci-lu add 0000:03:00.0
	assert_success
	assert_output "0000:03:00.0: opted in already (status: ok)"
	assert_equal "$stderr" ""
	run --separate-stderr pci-lu -j add 03:00.0 09:00.0
	assert_failure 4
	json_out stage1-add "$output"
}

@test "pci-lu remove of a device not opted in: idempotent (ENOENT), exit 0" {
	run --separate-stderr pci-lu remove 04:00.0
	assert_success
	assert_output "0000:04:00.0: opted out already"
}

@test "pci-lu check: the edus pass, a bridge fails with the kernel's reason" {
	run pci-lu check 03:00.0 04:00.0
	assert_success
	assert_line "0000:03:00.0: can be preserved (status: ok)"
	assert_line "0000:04:00.0: can be preserved (status: ok)"
	run --separate-stderr pci-lu check 02:00.0
	assert_failure 4
	assert_equal "$stderr" "pci-lu: check 0000:02:00.0: $(pci-lu -j check 02:00.0 2>/dev/null | sed 's/.*"status":"\([^"]*\)".*/\1/')"
	[[ "$stderr" == *"blocked: bridge: 0000:02:00.0 "* ]]
	run --separate-stderr pci-lu -j check 03:00.0 02:00.0
	assert_failure 4
	json_out stage1-check "$output"
}

@test "pci-lu list and status (text and JSON)" {
	run pci-lu list
	assert_success
	assert_line --index 1 --regexp '^0000:03:00.0 +1 +- +0000:00:04.0/00.0/00.0/00.0 +ok$'
	run pci-lu -j list
	assert_success
	json_out stage1-list "$output"
	run pci-lu -j status
	assert_success
	json_out stage1-status "$output"
	assert_output --partial '"state":"idle","nr_devices":1,"nr_blocked":0,"nr_bridges":3'
	run pci-lu -j status 03:00.0
	assert_success
	json_out stage1-status-device "$output"
}

@test "pci-lu preserve --hold: preserved while held, idle after SIGTERM" {
	pci-lu preserve --hold >"$BATS_TEST_TMPDIR/hold" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		[ "$(cat "$PCILU_CFS/state")" = preserved ] && break
		sleep 0.1
	done
	assert_equal "$(cat "$PCILU_CFS/state")" preserved
	run --separate-stderr pci-lu remove 03:00.0
	assert_failure 5
	assert_equal "$stderr" "pci-lu: remove 0000:03:00.0: the opted-in set is fixed while a live update is in progress (state preserved or frozen)"
	# the holder keeps only its session: /dev/liveupdate is free for
	# other agents; a second session of the tool's name is busy (5)
	run pcilu-try open /dev/liveupdate
	assert_output OK
	run --separate-stderr pci-lu -j kexec -k "$PCILU_KERNEL"
	assert_failure 5
	json_out stage1-kexec-busy "$output"
	assert_equal "$stderr" "pci-lu: kexec: create LUO session pci-lu: a LUO session with this name already exists"
	kill -TERM "$pid"
	wait "$pid"
	run cat "$BATS_TEST_TMPDIR/hold"
	assert_line --index 0 "holding LUO session pci-lu (state preserved, 1 device, 3 bridges); SIGINT or SIGTERM cancels it"
	assert_line --index 1 "cancelled LUO session pci-lu on SIGTERM"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "pci-lu -j preserve --hold: one JSON document while held" {
	pci-lu -j preserve --hold >"$BATS_TEST_TMPDIR/hold.json" &
	pid=$!
	for _ in $(seq 50); do
		[ -s "$BATS_TEST_TMPDIR/hold.json" ] && break
		sleep 0.1
	done
	kill -INT "$pid"
	wait "$pid"
	json_out stage1-hold "$(cat "$BATS_TEST_TMPDIR/hold.json")"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "pci-lu kexec of a file that is no kernel: unknown to the preflight (exit 7); image check skipped, refused by kexec_file_load, session cancelled" {
	run --separate-stderr pci-lu kexec -k /etc/pcilu/variant --reuse-cmdline
	assert_failure 7
	assert_equal "$stderr" "pci-lu: kexec: /etc/pcilu/variant: unknown: neither a bzImage, a unified kernel image nor an ELF vmlinux: whether it reads this kernel's handover cannot be told (--skip-image-check to kexec anyway)"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	run --separate-stderr pci-lu kexec --skip-image-check -k /etc/pcilu/variant --reuse-cmdline
	assert_failure 4
	assert_equal "$stderr" "pci-lu: kexec: load /etc/pcilu/variant: not a kernel image kexec_file_load can load (it needs a 64-bit RELOCATABLE bzImage)"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	[ -d "$PCILU_DEV/0000:03:00.0" ]
}

@test "pci-lu finish in the first kernel: no session was handed over" {
	run --separate-stderr pci-lu finish
	assert_failure 3
	assert_equal "$stderr" "pci-lu: finish: retrieve LUO session pci-lu: the previous kernel handed over no session with this name"
}
