#!/usr/bin/env bats
# nvme-driver, stage 2: the NVMe and its root port kept Bus Master Enable.

load ../lib/common
load ../lib/pcilu

@test "incoming: the NVMe and its root port, Bus Master Enable saved and kept" {
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:05:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:06.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 2
}

@test "finish" {
	pci-lu finish
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}
