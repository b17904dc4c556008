#!/usr/bin/env bats
# iommu-pt-kexec, stage 1: the same edu behind the same IOMMU, but in an
# identity (passthrough) domain: DMA addresses are physical addresses, so
# keeping it through the kexec is safe and it is accepted.

load ../lib/common
load ../lib/pcilu

@test "the IOMMU is there but 0000:03:00.0 is in an identity domain" {
	[ -e /sys/class/iommu/dmar0 ]
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/iommu_group/type")" identity
}

@test "0000:03:00.0 opted in: status ok" {
	pcilu_load
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
}

@test "both edus can DMA through the identity domain" {
	pcilu_enable_dma 03:00.0
	pcilu_enable_dma 04:00.0
	edu-dma 03:00.0
	edu-dma 04:00.0
}
