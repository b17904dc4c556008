#!/usr/bin/env bats
# incoming-replaced, stage 2: a handed-over function that is removed after
# the handover turns "missing", and what appears at its address again (a
# rescan here; a replaced card in real life) is a "mismatch": it is not
# the function that was handed over, so it is not protected.

load ../lib/common
load ../lib/pcilu

EDU=0000:03:00.0

@test "incoming: the edu is ok and marked" {
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line "$EDU endpoint saved_bus_master=1 bus_master=1 ok"
	assert_equal "${#lines[@]}" 4
	dmesg | grep -q "pci-lu: kept 4 of 4 handed-over function(s) until the live update is finished"
}

@test "removed: missing, with its reason" {
	echo 1 > "$(pcilu_sysfs $EDU)/remove"
	run cat "$PCILU_CFS/incoming"
	assert_line "$EDU endpoint saved_bus_master=1 bus_master=0 missing"
	run cat "$PCILU_CFS/incoming_reasons"
	assert_output "$EDU missing the function was removed after the handover"
	dmesg | grep -q "pci $EDU: pci-lu: handed-over function removed"
}

@test "found again by a rescan: mismatch, with its reason, and not protected" {
	echo 1 > /sys/bus/pci/rescan
	[ -d "$(pcilu_sysfs $EDU)" ]
	run cat "$PCILU_CFS/incoming"
	assert_line "$EDU endpoint saved_bus_master=1 bus_master=0 mismatch"
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	run cat "$PCILU_CFS/incoming_reasons"
	assert_output "$EDU mismatch the function appeared again after it was removed: not the one handed over"
	# not marked again: a driver may bind it (the edu has none: unbound stays unbound)
	[ ! -e "$(pcilu_sysfs $EDU)/driver" ]
}

@test "finish works; incoming and incoming_reasons are empty" {
	run pci-lu finish
	assert_success
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming_reasons")" ''
}
