#!/usr/bin/env bats
# nvme-driver, host side: QEMU's trace of config writes.

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "no Bus Master Enable clear on the NVMe 05:00.0 and its root port 00:06.0 across the kexec" {
	assert_equal "$(bm_clears 05:00.0)" 0
	assert_equal "$(bm_clears 00:06.0)" 0
}

@test "the nvme driver's unbind cleared Bus Master Enable of 05:00.0 in stage 1 (what the refusal prevents at kexec)" {
	run "$PCILU_TRACE_BM" --count --to kexec "$PCILU_TRACE" 05:00.0
	assert_success
	[ "$(awk '{ print $2 }' <<<"$output")" -ge 1 ]
}
