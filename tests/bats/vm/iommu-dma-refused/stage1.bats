#!/usr/bin/env bats
# iommu-dma-refused: with an Intel IOMMU translating DMA (intel_iommu=on,
# DMA-FQ default domains) an edu cannot be kept: its IOVAs would reach raw
# memory once the kexec turned translation off.  Opt-in works, status says
# why it is blocked, and every way to preserve it is refused.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

@test "the IOMMU translates 0000:03:00.0 (iommu_group type DMA-FQ, dmar0)" {
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/iommu_group/type")" DMA-FQ
	[ -e /sys/class/iommu/dmar0 ]
}

@test "status of the opted-in edu: blocked, naming the BDF and the IOMMU" {
	pcilu_load
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" \
		"blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"
}

@test "pci-lu check 03:00.0 fails with the same reason" {
	run --separate-stderr pci-lu check 03:00.0
	assert_failure 4
	assert_equal "$stderr" "pci-lu: check 0000:03:00.0: blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"
}

@test "preserve is refused (ENOLINK) and logged; the state stays idle" {
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:03:00.0: blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	dmesg | grep -q 'pci-lu: preserve refused: 0000:03:00.0: blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0'
}

@test "pci-lu kexec is refused the same way; this kernel runs on" {
	run --separate-stderr timeout 60 pci-lu kexec -k "$PCILU_KERNEL" --reuse-cmdline
	assert_failure 4
	assert_equal "$stderr" "pci-lu: kexec: preserve refused: 0000:03:00.0: blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}
