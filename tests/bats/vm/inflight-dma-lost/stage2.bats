#!/usr/bin/env bats
# inflight-dma-lost, stage 2: the memfd came through (LUO), but with nothing
# kept both DMAs ran against a cleared Bus Master Enable: neither landed.
# This is what makes inflight-dma's "landed" mean something.

load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "nothing was handed over to pci-lu" {
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
}

@test "the DMA in flight at the kexec is lost on both edus (the memfd itself came through)" {
	run pci-lu-agent check
	assert_success
	assert_line "pci-lu-agent: session pci-lu-agent: memfd retrieved (no /dev/pci-lu in it)"
	agent_assert_lost 03:00.0
	agent_assert_lost 04:00.0
}
