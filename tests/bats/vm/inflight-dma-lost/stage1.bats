#!/usr/bin/env bats
# inflight-dma-lost, stage 1: inflight-dma's witness.  The same agent, the
# same two DMAs left in flight into the kexec, but nothing opted in and no
# /dev/pci-lu in the agent's session (pci-lu-agent update -n): the kexec
# clears Bus Master Enable everywhere, as stock Linux does.

load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "nothing opted in; both edus have Bus Master Enable and can DMA" {
	pcilu_load
	assert_equal "$(ls $PCILU_DEV)" ''
	agent_devices_ready
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(pcilu_bm 04:00.0)" 1
}
