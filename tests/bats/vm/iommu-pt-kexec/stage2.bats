#!/usr/bin/env bats
# iommu-pt-kexec, stage 2: the next kernel (same IOMMU, iommu=pt again)
# got the record, the path kept Bus Master Enable and the edu's DMA works
# without anyone enabling it.

load ../lib/common
load ../lib/pcilu

@test "second kernel, IOMMU on, identity domain, record retrieved" {
	assert_equal "$PCILU_STAGE" 2
	[ -e /sys/class/iommu/dmar0 ]
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/iommu_group/type")" identity
	dmesg | grep -q 'pci-lu: retrieved 4 handed-over function(s)'
}

@test "incoming: the edu and its three bridges kept Bus Master Enable" {
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
}

@test "edu DMA from 0000:03:00.0 works in the next kernel; the control edu lost Bus Master Enable" {
	assert_equal "$(pcilu_bm 03:00.0)" 1
	edu-dma 03:00.0
	assert_equal "$(pcilu_bm 04:00.0)" 0
}

@test "finish" {
	pci-lu finish
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}
