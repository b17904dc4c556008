#!/usr/bin/env bats
# cli-flow stage 2 (after `pci-lu kexec`): incoming, Bus Master Enable kept
# on the preserved path only, finish, and the set usable again.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load cli

@test "pci-lu status: state incoming, 4 records (text and JSON)" {
	pcilu_load
	run pci-lu status
	assert_success
	assert_line "state:     incoming"
	assert_line "incoming:  4 records (pci-lu-format-3)"
	run pci-lu -j status
	assert_success
	json_out stage2-status "$output"
}

@test "pci-lu incoming: the edu and its three bridges, all ok" {
	run pci-lu incoming
	assert_success
	assert_line --regexp '^0000:03:00.0 +endpoint +1 +1 +ok +-$'
	assert_line --regexp '^0000:02:00.0 +bridge +1 +1 +ok +-$'
	assert_line --regexp '^0000:01:00.0 +bridge +1 +1 +ok +-$'
	assert_line --regexp '^0000:00:04.0 +bridge +1 +1 +ok +-$'
	assert_equal "${#lines[@]}" 5
	run pci-lu -j incoming
	assert_success
	json_out stage2-incoming "$output"
}

@test "Bus Master Enable: kept on the opted-in edu, cleared on the control edu" {
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(pcilu_bm 04:00.0)" 0
}

@test "pci-lu finish --strict: every record matched, releases 1 device and 3 bridges" {
	run --separate-stderr pci-lu -j finish --strict
	assert_success
	json_out stage2-finish "$output"
}

@test "after finish: idle, nothing incoming, a second finish fails" {
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	run pci-lu incoming
	assert_output "no records were handed over"
	run --separate-stderr pci-lu finish
	assert_failure 3
	[[ "$stderr" == "pci-lu: finish: "* ]]
	run pci-lu -j status
	json_out stage2-status-after "$output"
}

@test "the set can be changed again" {
	run pci-lu add 03:00.0
	assert_success
	run pci-lu remove 03:00.0
	assert_success
}
