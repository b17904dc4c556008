# shellcheck shell=bash
# format-skew: helpers of its stages (load ./lib after ../lib/pcilu)

FORMAT_KNOB=/sys/kernel/debug/pci-lu/write_format

# opt 03:00.0 in, DMA ready, and have the next freeze write format $1
format_prepare() {
	pcilu_load
	pcilu_enable_dma 03:00.0
	edu-dma -q 03:00.0
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
	echo "$1" > "$FORMAT_KNOB"
	assert_equal "$(cat "$FORMAT_KNOB")" "$1"
}

# the agent's session came back whole (its memfd and /dev/pci-lu) and was
# finished; $1: what it says was handed over
format_agent_check() {
	run pci-lu-agent check
	assert_success
	assert_line "pci-lu-agent: session pci-lu-agent: memfd and /dev/pci-lu retrieved ($1)"
	assert_line "pci-lu-agent: session pci-lu-agent finished"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
}

# the other session, the agent's with only its memfd, came back and
# finished; its DMA target is whole
format_other_session_check() {
	run pci-lu-agent check
	assert_success
	assert_line "pci-lu-agent: session pci-lu-agent: memfd retrieved (no /dev/pci-lu in it)"
	assert_line "pci-lu-agent: session pci-lu-agent finished"
}
