#!/usr/bin/env bats
# chain-inflight, stage 4: after the third kexec, the set came in through
# the agent's own session: pci-lu finish leaves it to the agent, whose check
# finds the DMA landed and whose finish releases the set.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load ../lib/agent

@test "stage 4: pci-lu finish leaves the agent's session alone" {
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" incoming
	run --separate-stderr pci-lu finish
	assert_failure 1
	assert_equal "$stderr" "pci-lu: finish: retrieve LUO session pci-lu: the set came in through another agent's LUO session; that agent retrieves and finishes it"
}

@test "stage 4: the DMA in flight at kexec 3 landed on 03:00.0 (every byte), not on 04:00.0; the agent finishes" {
	run pci-lu-agent check
	assert_success
	agent_assert_landed 03:00.0
	agent_assert_lost 04:00.0
	assert_line "pci-lu-agent: session pci-lu-agent finished"
	assert_equal "$(cat $PCILU_CFS/state)" idle
}
