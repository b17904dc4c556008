#!/usr/bin/env bats
# format-skew, stage 3: the record came in format 4, which this kernel
# does not read: refused whole, loudly, every record version-mismatch,
# nothing taken over; the session and its memfd come back all the same.

load ../lib/common
load ../lib/pcilu
load ./lib

@test "stage 3: format 4 refused: every record version-mismatch, named, nothing taken over" {
	pcilu_load
	dmesg | grep -q 'pci-lu: handover record refused: record format 4, this kernel reads formats 2 and 3: 4 function(s) not taken over'
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	assert_equal "$(wc -l < "$PCILU_CFS/incoming")" 4
	assert_equal "$(grep -c ' version-mismatch$' "$PCILU_CFS/incoming")" 4
	grep -q '^0000:03:00.0 endpoint saved_bus_master=0 bus_master=[01] version-mismatch$' "$PCILU_CFS/incoming"
	grep -q '^0000:00:04.0 bridge saved_bus_master=0 bus_master=[01] version-mismatch$' "$PCILU_CFS/incoming"
	assert_equal "$(grep -c ' version-mismatch the record is of a format this kernel does not read$' "$PCILU_CFS/incoming_reasons")" 4
	run pci-lu incoming
	assert_success
	assert_line --regexp '^0000:03:00.0 +endpoint +0 +[01] +version-mismatch +the record is of a format this kernel does not read$'
}

@test "stage 3: nothing is held: a reset of the endpoint works" {
	echo 1 > "$(pcilu_sysfs 03:00.0)/reset"
}

@test "stage 3: the agent's session (memfd and /dev/pci-lu) came back and finishes; the next update hands over under format 1's name" {
	# GET_INFO counts what was handed over, taken over or not
	format_agent_check "1 device(s), 3 bridge(s) handed over"
	format_prepare 1
}
