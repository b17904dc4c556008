#!/usr/bin/env bats
# chain-inflight, stage 1: 0000:03:00.0 opted in, both edus doing DMA; the
# kexec hook hands pci-lu's session to the agent over a UNIX socket.

load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "0000:03:00.0 opted in; both edus have Bus Master Enable and can DMA" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	agent_devices_ready
}
