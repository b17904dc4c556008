#!/usr/bin/env bats
# inflight-dma, stage 1: 0000:03:00.0 opted in, both edus doing DMA.  The
# kexec hook then runs the example agent (pci-lu-agent update): its own LUO
# session with a memfd and the /dev/pci-lu fd, a DMA started on both edus
# into the memfd, and the kexec while both are pending.

load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "0000:03:00.0 opted in, path ok; 04:00.0 is the control" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}

@test "both edus have Bus Master Enable and can DMA" {
	agent_devices_ready
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(pcilu_bm 04:00.0)" 1
}
