#!/usr/bin/env bats
# format-skew, stage 2: the record came in format 2, which this kernel
# (format 3) reads: every record matched and the path is protected.

load ../lib/common
load ../lib/pcilu
load ./lib

@test "stage 2: format 2 read: the endpoint and its three bridges ok, the log names the format" {
	pcilu_load
	dmesg | grep -q 'pci-lu: retrieved 4 handed-over function(s) (pci-lu-format-2)'
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	assert_equal "$(grep -c ' ok$' "$PCILU_CFS/incoming")" 4
	grep -q '^0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok$' "$PCILU_CFS/incoming"
	assert_equal "$(cat "$PCILU_CFS/incoming_reasons")" ''
	assert_equal "$(cat "$PCILU_CFS/incoming_version")" pci-lu-format-2
	run pci-lu status
	assert_line "incoming:  4 records (pci-lu-format-2)"
}

@test "stage 2: the handed-over path is protected until finish (resets refused)" {
	pcilu_assert_path_resets_refused
}

@test "stage 2: the agent's session (memfd and /dev/pci-lu) came back and finishes; the next freeze writes format 4" {
	format_agent_check "1 device(s), 3 bridge(s) handed over"
	format_prepare 4
}
