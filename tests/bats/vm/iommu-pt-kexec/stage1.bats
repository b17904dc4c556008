#!/usr/bin/env bats
# iommu-pt-kexec, stage 1: the same edu behind the same IOMMU, but in an
# identity (passthrough) domain: DMA addresses are physical addresses, so
# keeping it through the kexec is safe and it is accepted.  An NVMe bound
# to nvme in the same identity domain is refused for its driver; and a next
# kernel whose command line does not ask for identity DMA is refused at
# freeze (next-iommu), before the kexec.

bats_require_minimum_version 1.5.0
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

@test "the NVMe bound to nvme, identity domain (iommu=pt): blocked: driver, naming nvme; unbound: ok" {
	local nvme=0000:05:00.0
	assert_equal "$(cat "$(pcilu_sysfs $nvme)/iommu_group/type")" identity
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs $nvme)/driver")")" nvme
	mkdir "$PCILU_DEV/$nvme"
	assert_equal "$(cat "$PCILU_DEV/$nvme/status")" \
		"blocked: driver: $nvme is bound to nvme (driver DMA lands in memory the next kernel reuses: unbind it)"
	echo $nvme > "$(pcilu_sysfs $nvme)/driver/unbind"
	assert_equal "$(cat "$PCILU_DEV/$nvme/status")" ok
	rmdir "$PCILU_DEV/$nvme"
}

@test "a next command line without iommu=pt: pci-lu kexec refused at freeze (next-iommu), no kexec, state idle" {
	local before
	before=$(pcilu_klog_count 'pci-lu: freeze refused: next-iommu: ')
	# without an initrd: were the freeze not refused, the next kernel
	# would boot without a scenario and the run would fail
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" \
		--command-line "console=ttyS0 kho=on liveupdate=on panic=-1 intel_iommu=on pcilu_scenario=iommu-pt-kexec-not-refused"
	assert_failure 4
	assert_equal "$stderr" "pci-lu: kexec: reboot: a kept device is behind an IOMMU and the next kernel's command line does not ask for an identity default (iommu=pt or iommu.passthrough=1)"
	assert_equal "$(( $(pcilu_klog_count 'pci-lu: freeze refused: next-iommu: 0000:03:00.0 is behind an IOMMU') - before ))" 1
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
}

