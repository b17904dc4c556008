#!/usr/bin/env bats
# incoming: the records the previous kernel handed over (configfs file).

setup() {
	load common
	common_setup
}

REC1="0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok"
REC2="0000:02:00.0 bridge saved_bus_master=1 bus_master=0 mismatch"
REC3="0000:05:00.0 endpoint saved_bus_master=0 bus_master=0 missing"

@test "incoming: nothing handed over" {
	pl incoming
	assert_success
	assert_output "no records were handed over"
	pl -j incoming
	assert_success
	assert_json '.records == []'
}

WHY2="its bus numbers were reassigned: every bus is renumbered (pci=assign-busses)"
WHY3="no function was found at this address"

@test "incoming: text table, the reason of each record that is not ok" {
	fake_incoming "$ROOT" "$REC1" "$REC2" "$REC3"
	fake_incoming_reasons "$ROOT" "0000:02:00.0 mismatch $WHY2" "0000:05:00.0 missing $WHY3"
	pl incoming
	assert_success
	assert_line --index 0 --regexp '^BDF +KIND +SAVED +BM +RESULT +REASON$'
	assert_line --index 1 --regexp '^0000:03:00.0 +endpoint +1 +1 +ok +-$'
	assert_line --index 2 "$(printf '%-12s  %-8s  %-5s  %-2s  %-8s  %s' 0000:02:00.0 bridge 1 0 mismatch "$WHY2")"
	assert_line --index 3 "$(printf '%-12s  %-8s  %-5s  %-2s  %-8s  %s' 0000:05:00.0 endpoint 0 0 missing "$WHY3")"
	assert_equal "${#lines[@]}" 4
}

@test "incoming -j: fields and types; reason null for ok, the kernel's reason otherwise" {
	fake_incoming "$ROOT" "$REC1" "$REC2" "$REC3"
	fake_incoming_reasons "$ROOT" "0000:02:00.0 mismatch $WHY2" "0000:05:00.0 missing $WHY3"
	pl -j incoming
	assert_success
	assert_json '.records | length == 3'
	assert_json '.records[0] == {"bdf": "0000:03:00.0", "kind": "endpoint",
		"saved_bus_master": 1, "bus_master": 1, "result": "ok", "reason": null}'
	assert_json ".records[1] == {\"bdf\": \"0000:02:00.0\", \"kind\": \"bridge\",
		\"saved_bus_master\": 1, \"bus_master\": 0, \"result\": \"mismatch\",
		\"reason\": \"$WHY2\"}"
	assert_json "[.records[].result] == [\"ok\", \"mismatch\", \"missing\"]"
	assert_json ".records[2].reason == \"$WHY3\""
}

@test "incoming -j: no incoming_reasons file (an older kernel): every reason null" {
	fake_incoming "$ROOT" "$REC1" "$REC2"
	rm -f "$ROOT/sys/kernel/config/pci-lu/incoming_reasons"
	pl -j incoming
	assert_success
	assert_json '[.records[].reason] == [null, null]'
}

@test "incoming -j: a reason line naming no record, or another result, is ignored" {
	fake_incoming "$ROOT" "$REC1" "$REC2"
	fake_incoming_reasons "$ROOT" "0000:07:00.0 missing gone" "0000:02:00.0 missing stale" "garbage"
	pl -j incoming
	assert_success
	assert_json '[.records[].reason] == [null, null]'
}

@test "incoming: blank lines are ignored" {
	fake_incoming "$ROOT" "" "$REC1" "   " "$REC2"
	pl -j incoming
	assert_success
	assert_json '.records | length == 2'
}

@test "incoming: a malformed record fails naming the line (exit 1)" {
	for bad in \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=1" \
		"0000:03:00.0 device saved_bus_master=1 bus_master=1 ok" \
		"0000:03:00.0 endpoint saved_bus_master=2 bus_master=1 ok" \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=x ok" \
		"0000:03:00.0 endpoint bus_master=1 saved_bus_master=1 ok" \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 fine" \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok extra" \
		"0000:03:20.0 endpoint saved_bus_master=1 bus_master=1 ok" \
		"garbage"; do
		fake_incoming "$ROOT" "$REC1" "$bad"
		pl -j incoming
		assert_failure 1
		assert_error_line "^pci-lu: incoming: $CFS/incoming: line 2: malformed record$"
		assert_json '(has("records") | not) and .error.reason == "malformed record"'
	done
}

@test "incoming: no incoming file (exit 1)" {
	rm "$CFS/incoming"
	pl incoming
	assert_failure 1
	assert_error_line "^pci-lu: incoming: $CFS/incoming: No such file or directory$"
}

@test "status counts the incoming records" {
	fake_incoming "$ROOT" "$REC1" "$REC2" "$REC3"
	echo incoming >"$CFS/state"
	pl -j status
	assert_json '.nr_records == 3 and .state == "incoming"'
}

@test "abandon: refused without --yes (usage, exit 2), nothing written" {
	fake_incoming "$ROOT" "$REC1" "$REC2"
	: >"$ROOT/sys/kernel/config/pci-lu/abandon"
	pl abandon
	assert_failure 2
	assert_equal "$output" ""
	[[ "$stderr" == *'pci-lu: abandon: abandon drops the protection of every handed-over device: confirm with --yes'* ]] ||
		fail "stderr: $stderr"
	assert_equal "$(cat "$ROOT/sys/kernel/config/pci-lu/abandon")" ""
}

@test "abandon --yes: writes 1 to configfs abandon, reports the records it released" {
	fake_incoming "$ROOT" "$REC1" "$REC2"
	: >"$ROOT/sys/kernel/config/pci-lu/abandon"
	pl abandon --yes
	assert_success
	assert_output "abandoned the handover: 2 records released unfinished, no longer protected"
	assert_equal "$(cat "$ROOT/sys/kernel/config/pci-lu/abandon")" 1
	pl -j abandon --yes
	assert_success
	assert_json '.nr_records == 2 and (.records | length) == 2 and .records[0].bdf == "0000:03:00.0" and .error == null'
}

@test "abandon --yes: a kernel without the abandon attribute: not available (exit 3)" {
	fake_incoming "$ROOT" "$REC1"
	pl -j abandon --yes
	assert_failure 3
	assert_json '.error.reason == "this kernel'"'"'s pci-lu has no abandon attribute"'
}
