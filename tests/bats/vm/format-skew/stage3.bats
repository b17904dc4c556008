#!/usr/bin/env bats
# format-skew, stage 3: the record came in format 4, which this kernel
# does not read: refused whole, loudly, every record version-mismatch,
# nothing taken over; both sessions (pci-lu's and the agent's memfd) come
# back and finish all the same.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load ./lib

@test "stage 3: format 4 refused: every record version-mismatch, named, nothing taken over" {
	pcilu_load
	dmesg | grep -q 'pci-lu: handover record refused: record format 4, this kernel reads formats 2 and 3: 4 function(s) not taken over'
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	assert_equal "$(cat "$PCILU_CFS/incoming_version")" pci-lu-format-4
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

@test "stage 3: the other session (the agent's memfd) came back and finishes" {
	format_other_session_check
}

@test "stage 3: pci-lu finish finishes pci-lu's session, listing each record version-mismatch; --strict fails on them" {
	run --separate-stderr pci-lu -j finish --strict
	assert_failure 1
	[[ "$stderr" == *"finish --strict: 4 records did not match"* ]]
	# (the guest has no jq) four records, each version-mismatch
	assert_equal "$(echo "$output" | grep -o '"result":"[a-z-]*"' | sort | uniq -c | tr -s ' ')" ' 4 "result":"version-mismatch"'
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
}

@test "stage 3: the next update hands over under format 1's name" {
	format_prepare 1
}
