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

@test "incoming: text table" {
	fake_incoming "$ROOT" "$REC1" "$REC2" "$REC3"
	pl incoming
	assert_success
	assert_line --index 0 --regexp '^BDF +KIND +SAVED +BM +RESULT$'
	assert_line --index 1 --regexp '^0000:03:00.0 +endpoint +1 +1 +ok$'
	assert_line --index 2 --regexp '^0000:02:00.0 +bridge +1 +0 +mismatch$'
	assert_line --index 3 --regexp '^0000:05:00.0 +endpoint +0 +0 +missing$'
	assert_equal "${#lines[@]}" 4
}

@test "incoming -j: fields and types" {
	fake_incoming "$ROOT" "$REC1" "$REC2" "$REC3"
	pl -j incoming
	assert_success
	assert_json '.records | length == 3'
	assert_json '.records[0] == {"bdf": "0000:03:00.0", "kind": "endpoint",
		"saved_bus_master": 1, "bus_master": 1, "result": "ok"}'
	assert_json '.records[1] == {"bdf": "0000:02:00.0", "kind": "bridge",
		"saved_bus_master": 1, "bus_master": 0, "result": "mismatch"}'
	assert_json '[.records[].result] == ["ok", "mismatch", "missing"]'
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
