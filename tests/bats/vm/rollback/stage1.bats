#!/usr/bin/env bats
# rollback, stage 1: a live update into the same tree built without
# CONFIG_PCI_LU (/boot/bzImage-nolu, make kernel-nolu).  pci-lu kexec's
# preflight refuses it before anything is preserved; the kexec hook then
# forces it (stage 2 shows what that costs).

load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
	[ -f /boot/bzImage-nolu ] || fail "no /boot/bzImage-nolu: make kernel-nolu, then make initramfs"
}

@test "image-check: this kernel's image reads what it hands over, the kernel without pci-lu reads no pci-lu format" {
	run pci-lu image-check /boot/bzImage
	assert_success
	assert_line "compatible:   yes"
	run pci-lu image-check /boot/bzImage-nolu
	assert_failure 6
	assert_line --regexp '^reads:        luo-v[0-9]+, kho-v[0-9]+, memfd-v[0-9]+$'
	assert_line "compatible:   no: pci-lu: this kernel writes pci-lu-format-3, the image reads no pci-lu format"
	assert_equal "$(cat $PCILU_CFS/version)" pci-lu-format-3
}

@test "pci-lu kexec into the kernel without pci-lu: refused (exit 6) before anything is preserved" {
	mkdir $PCILU_DEV/0000:03:00.0
	pcilu_set_bm 03:00.0 1
	pre=$(pcilu_klog_count 'pci-lu: preserved ')
	run pci-lu kexec -k /boot/bzImage-nolu --command-line "$(cat /proc/cmdline)"
	assert_failure 6
	assert_output --partial "pci-lu: kexec: /boot/bzImage-nolu: incompatible: pci-lu: this kernel writes pci-lu-format-3, the image reads no pci-lu format: a live update into it would leave every LUO session unreachable (--skip-image-check to kexec anyway)"
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
	assert_equal "$(pcilu_klog_count 'pci-lu: preserved ')" "$pre"
}

@test "with --skip-image-check the image check is skipped (dry run: it would preserve and load)" {
	run pci-lu kexec --dry-run --skip-image-check -k /boot/bzImage-nolu --command-line "$(cat /proc/cmdline)"
	assert_success
	assert_output --partial "would preserve 1 device"
	assert_equal "$(cat $PCILU_CFS/state)" idle
}
