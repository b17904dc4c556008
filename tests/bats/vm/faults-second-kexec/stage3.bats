#!/usr/bin/env bats
# faults-second-kexec, stage 3: the second handover (made right after the
# first one was finished) came in complete; DMA works; finish.

load ../lib/common
load ../lib/pcilu

@test "stage 3: the third kernel, the second handover came in" {
	assert_equal "$PCILU_STAGE" 3
	dmesg | grep -q 'KHO: found kexec handover data'
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" incoming
}

@test "stage 3: incoming: both endpoints and their bridges, ok" {
	run cat $PCILU_CFS/incoming
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:04:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:05.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 6
}

@test "stage 3: DMA of both devices works without re-enabling; finish -> idle" {
	edu-dma 03:00.0
	edu-dma 04:00.0
	pci-lu finish
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_DBG/nodes)" ''
}
