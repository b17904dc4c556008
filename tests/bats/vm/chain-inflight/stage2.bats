#!/usr/bin/env bats
# chain-inflight, stage 2: the DMA in flight at kexec 1 landed; pci-lu
# finish --keep carries the set into the next update; the kexec hook then
# holds pci-lu's next session again (pci-lu preserve --hold) while the agent kexecs.

load ../lib/common
load ../lib/pcilu
load ../lib/agent
load carry

@test "stage 2: the DMA in flight at kexec 1 landed on 03:00.0 (every byte), not on 04:00.0" {
	carry_dma
}

@test "stage 2: pci-lu finish --keep: 03:00.0 opted in again before the records were released" {
	carry_keep
}

@test "stage 2: the control 04:00.0 gets Bus Master Enable back; both edus DMA" {
	agent_devices_ready
}
