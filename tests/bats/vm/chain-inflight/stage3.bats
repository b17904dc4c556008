#!/usr/bin/env bats
# chain-inflight, stage 3: the DMA in flight at kexec 2 landed; pci-lu
# finish --keep carries the set into the next update; the kexec hook then
# lets the agent hold /dev/pci-lu in its own session.

load ../lib/common
load ../lib/pcilu
load ../lib/agent
load carry

@test "stage 3: the DMA in flight at kexec 2 landed on 03:00.0 (every byte), not on 04:00.0" {
	carry_dma
}

@test "stage 3: pci-lu finish --keep: 03:00.0 opted in again before the records were released" {
	carry_keep
}

@test "stage 3: the control 04:00.0 gets Bus Master Enable back; both edus DMA" {
	agent_devices_ready
}
