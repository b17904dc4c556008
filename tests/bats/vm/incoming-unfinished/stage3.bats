#!/usr/bin/env bats
# incoming-unfinished, stage 3: the second kexec handed the new set over.

load ../lib/common
load ../lib/pcilu

@test "third kernel: the second preservation came in, path kept" {
	assert_equal "$PCILU_STAGE" 3
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
}

@test "DMA works without anyone enabling it; finish" {
	edu-dma 03:00.0
	pci-lu finish
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}
