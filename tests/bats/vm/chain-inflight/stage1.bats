#!/usr/bin/env bats
# chain-inflight, stage 1: 0000:03:00.0 opted in, both edus doing DMA; the
# kexec hook holds pci-lu's session (pci-lu preserve --hold) while the agent
# kexecs.

load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "0000:03:00.0 opted in; both edus have Bus Master Enable and can DMA" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	agent_devices_ready
}
