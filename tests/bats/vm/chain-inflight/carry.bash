# shellcheck shell=bash
# chain-inflight, stages 2 and 3: what came in, and the set carried on.

# the DMA in flight at the last kexec: landed on the kept edu, lost on the
# control; the agent's session held the memfd only (the set was in pci-lu's)
carry_dma() {
	run pci-lu-agent check
	assert_success
	assert_line "pci-lu-agent: session pci-lu-agent: memfd retrieved (no /dev/pci-lu in it)"
	agent_assert_landed 03:00.0
	agent_assert_lost 04:00.0
}

# pci-lu finish --keep: 03:00.0 opted in again before the records go
carry_keep() {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS"/state)" incoming
	assert_equal "$(ls "$PCILU_DEV")" ''
	run pci-lu -j finish --keep
	assert_success
	assert_output --partial '"kept":["0000:03:00.0"]'
	assert_output --partial '"state":"incoming","nr_devices":1,"nr_bridges":3,"nr_unmatched":0'
	assert_equal "$(cat "$PCILU_CFS"/state)" idle
	assert_equal "$(ls "$PCILU_DEV")" 0000:03:00.0
	assert_equal "$(cat "$PCILU_DEV"/0000:03:00.0/status)" ok
	assert_equal "$(cat "$PCILU_DEV"/0000:03:00.0/bus_master)" 1
}
