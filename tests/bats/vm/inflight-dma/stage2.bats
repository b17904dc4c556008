#!/usr/bin/env bats
# inflight-dma, stage 2: the set came in through the agent's session.
# pci-lu status and incoming show it, pci-lu finish leaves it to its owner;
# the agent finds the DMA that was in flight at the kexec landed, every
# byte, on the kept 0000:03:00.0, and not on the control 0000:04:00.0
# (whose Bus Master Enable the kexec cleared before edu ran it), then
# finishes its session, which releases the set.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "pci-lu status and incoming: the set came in (the agent's session)" {
	pcilu_load
	run pci-lu status
	assert_success
	assert_line "state:     incoming"
	run pci-lu incoming
	assert_success
	assert_line --regexp '^0000:03:00.0 +endpoint +1 +1 +ok +-$'
	assert_line --regexp '^0000:00:04.0 +bridge +1 +1 +ok +-$'
	assert_equal "${#lines[@]}" 5
}

@test "pci-lu finish leaves another agent's session alone and says whose it is" {
	run --separate-stderr pci-lu finish
	assert_failure 1
	assert_equal "$stderr" "pci-lu: finish: retrieve LUO session pci-lu: the set came in through another agent's LUO session; that agent retrieves and finishes it"
	assert_equal "$(cat $PCILU_CFS/state)" incoming
}

@test "the DMA in flight at the kexec landed on 03:00.0 (every byte), not on the control 04:00.0" {
	run pci-lu-agent check
	assert_success
	assert_line "pci-lu-agent: session pci-lu-agent: memfd and /dev/pci-lu retrieved (1 device(s), 3 bridge(s) handed over)"
	agent_assert_landed 03:00.0
	agent_assert_lost 04:00.0
	assert_line "pci-lu-agent: session pci-lu-agent finished"
}

@test "finishing the agent's session released the set: idle, no records" {
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
	run pci-lu status
	assert_line "state:     idle"
}
