#!/usr/bin/env bats
# Device status lines and their reason codes (tools/pci-lu/status.c, the
# one parser): "ok", "blocked: <code>: <bdf> <why>", and from a kernel
# without codes "blocked: <bdf> <why>".  Through pci-lu-unit: the parser,
# and what check prints after PCI_LU_IOCTL_CHECK returned (the fake tree
# has no /dev/pci-lu that answers it).

setup() {
	load common
	common_setup
	[ -x "$PCI_LU_UNIT" ] || fail "no $PCI_LU_UNIT (built with pci-lu)"
}

IOMMU="blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"

parse() {
	run "$PCI_LU_UNIT" status "$1"
	assert_success
	assert_output "$2"
}

@test "status parser: ok, a code, no code (older kernel), not the documented form" {
	parse ok "ok - "
	parse "$IOMMU" \
		"blocked iommu 0000:03:00.0 DMA is translated by IOMMU dmar0 (DMA-FQ domain), which does not survive kexec"
	parse "blocked: bus-master: 0000:01:00.0 has Bus Master Enable off while 0000:04:00.0 masters" \
		"blocked bus-master 0000:01:00.0 has Bus Master Enable off while 0000:04:00.0 masters"
	parse "blocked: 0000:02:00.0 is in D3cold" \
		"blocked - 0000:02:00.0 is in D3cold"
	parse "something else" "blocked - something else"
}

@test "status parser: a BDF is never taken for a code (hex domain, no space after its colon)" {
	parse "blocked: abcd:03:00.0 is in D3cold" \
		"blocked - abcd:03:00.0 is in D3cold"
	parse "blocked: 10000:e1:00.0 removed" \
		"blocked - 10000:e1:00.0 removed"
	parse "blocked: Driver: 0000:03:00.0 x" \
		"blocked - Driver: 0000:03:00.0 x"
	parse "blocked: driver:0000:03:00.0 x" \
		"blocked - driver:0000:03:00.0 x"
}

@test "check: a blocked device's error line is the kernel's status, reason code first (exit 4)" {
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 ENOLINK "$IOMMU"
	assert_failure 4
	assert_output ""
	assert_error_line "^pci-lu: check 0000:03:00.0: blocked: iommu: 0000:03:00.0 DMA is translated by IOMMU dmar0 \(DMA-FQ domain\), which does not survive kexec$"
	run --separate-stderr "$PCI_LU_UNIT" check 0000:09:00.0 ENODEV \
		"blocked: nodev: 0000:09:00.0 no such device"
	assert_failure 4
	assert_error_line "^pci-lu: check 0000:09:00.0: blocked: nodev: 0000:09:00.0 no such device$"
}

@test "check: a status without a code (older kernel) is shown as the kernel wrote it" {
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 ENOLINK \
		"blocked: 0000:02:00.0 is in D3cold"
	assert_failure 4
	assert_error_line "^pci-lu: check 0000:03:00.0: blocked: 0000:02:00.0 is in D3cold$"
}

@test "check -j: reason_code of a code, of ok, of a status without a code" {
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 ENOLINK "$IOMMU" -j
	assert_failure 4
	json_contract
	assert_json ".results[0] | .reason_code == \"iommu\" and
		.status == \"$IOMMU\" and .error.errno == \"ENOLINK\""
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 0 ok -j
	assert_success
	json_contract
	assert_json '.results[0] | .reason_code == null and .status == "ok"'
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 ENOLINK \
		"blocked: 0000:02:00.0 is in D3cold" -j
	assert_failure 4
	json_contract
	assert_json '.results[0] | .reason_code == null and .ok == false'
}

@test "check: an ok device whose Bus Master Enable is off gets a note; a mastering one none" {
	# the fake tree: 04:00.0 has COMMAND 0x0103 (off), 03:00.0 0x0107 (on)
	run --separate-stderr "$PCI_LU_UNIT" check 0000:04:00.0 0 ok
	assert_success
	assert_output "$(printf '%s\n' '0000:04:00.0: can be preserved (status: ok)' \
		'  note: Bus Master Enable is off: accepted, but it has no DMA to keep through the kexec until it is set')"
	run --separate-stderr "$PCI_LU_UNIT" check 0000:03:00.0 0 ok
	assert_success
	assert_output "0000:03:00.0: can be preserved (status: ok)"
}
