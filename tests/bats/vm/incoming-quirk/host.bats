#!/usr/bin/env bats
# incoming-quirk, host side: QEMU's trace of config writes in the next
# kernel.  Markers (stage2.bats): 1/2 around the control's re-enumeration,
# 3 right after pci-lu finish.

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "no Bus Master Enable clear on the opted-in xHCI 05:00.0 or its root port from the kexec to pci-lu finish" {
	run "$PCILU_TRACE_BM" --count --from kexec --to 3 "$PCILU_TRACE" 05:00.0 00:06.0
	assert_success
	assert_line '05:00.0 0'
	assert_line '00:06.0 0'
}

@test "stock: the kexec cleared Bus Master Enable of the control 06:00.0" {
	assert_equal "$(bm_clears 06:00.0)" 1
}

@test "stock: quirk_usb_early_handoff cleared the control's Bus Master Enable when it was enumerated again" {
	run "$PCILU_TRACE_BM" --count --from 1 --to 2 "$PCILU_TRACE" 06:00.0
	assert_success
	assert_output '06:00.0 1'
}

@test "stock: the first kernel's enumeration cleared both xHCIs (the firmware left them mastering; stage 1 clears nothing)" {
	run "$PCILU_TRACE_BM" --count --to kexec "$PCILU_TRACE" 05:00.0 06:00.0
	assert_success
	assert_line '05:00.0 1'
	assert_line '06:00.0 1'
}
