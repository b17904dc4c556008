#!/usr/bin/env bats
# incoming-assign-busses, stage 2: pci=assign-busses zeroed and reassigned
# the bus numbers of every bridge while enumerating, so the requester IDs
# on the handed-over path changed under its DMA: every record is a
# mismatch, with its reason, and nothing is protected; finish still works.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

RENUMBERED='its bus numbers were reassigned: every bus is renumbered (pci=assign-busses)'
BELOW='the bus numbers of a bridge on its path were reassigned'

@test "this kernel was booted with pci=assign-busses and the record came in" {
	grep -qw 'pci=assign-busses' /proc/cmdline
	dmesg | grep -q 'pci-lu: retrieved 4 handed-over function(s)'
}

@test "incoming: the root port, switch and edu, all mismatch (format unchanged)" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=0 mismatch'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=0 mismatch'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=0 mismatch'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=0 mismatch'
	assert_equal "${#lines[@]}" 4
}

@test "incoming_reasons: the root port was renumbered, the functions below it sit on a renumbered path" {
	run cat "$PCILU_CFS/incoming_reasons"
	assert_line "0000:00:04.0 mismatch $RENUMBERED"
	assert_line "0000:01:00.0 mismatch $BELOW"
	assert_line "0000:02:00.0 mismatch $BELOW"
	assert_line "0000:03:00.0 mismatch $BELOW"
	assert_equal "${#lines[@]}" 4
}

@test "incoming_reasons ends with a newline and holds no NUL byte" {
	pcilu_assert_text "$PCILU_CFS/incoming_reasons"
}

@test "the kernel log names the reason once per record; nothing is marked as handed over" {
	assert_equal "$(pcilu_klog_count 'pci 0000:00:04.0: pci-lu: handed over, but its bus numbers were reassigned')" 1
	assert_equal "$(pcilu_klog_count 'pci-lu: handed over, but the bus numbers of a bridge on its path were reassigned')" 3
	assert_equal "$(pcilu_klog_count 'pci-lu: kept 0 of 4 handed-over function\(s\) until the live update is finished')" 1
}

@test "pci-lu incoming: every record a mismatch, with the kernel's reason in the REASON column" {
	run pci-lu incoming
	assert_success
	assert_line --index 0 --regexp '^BDF +KIND +SAVED +BM +RESULT +REASON$'
	assert_line --regexp "^0000:00:04\.0 +bridge +1 +0 +mismatch +${RENUMBERED//[().]/.}$"
	assert_line --regexp "^0000:01:00\.0 +bridge +1 +0 +mismatch +$BELOW$"
	assert_line --regexp "^0000:02:00\.0 +bridge +1 +0 +mismatch +$BELOW$"
	assert_line --regexp "^0000:03:00\.0 +endpoint +1 +0 +mismatch +$BELOW$"
	assert_equal "${#lines[@]}" 5
}

@test "pci-lu finish --strict finishes and fails naming the 4 unmatched records" {
	run --separate-stderr pci-lu finish --strict
	assert_failure 1
	assert_equal "$stderr" 'pci-lu: finish --strict: 4 records did not match the device now at their address (mismatch, missing or version-mismatch)'
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
	assert_equal "$(cat "$PCILU_CFS/incoming_reasons")" ''
}
