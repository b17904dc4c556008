#!/usr/bin/env bats
# 256 opted-in devices: add in one command, list (text and JSON), status.

setup() {
	load common
	common_setup
	BDFS=()
	for i in $(seq 0 255); do
		BDFS+=("$(printf '%02x:%02x.%x' $((0x10 + i / 32)) $((i % 32)) 0)")
	done
}

@test "add 256 devices in one command, then list them" {
	pl add "${BDFS[@]}"
	assert_success
	assert_equal "${#lines[@]}" 256
	run find "$CFS/devices" -mindepth 1 -maxdepth 1 -type d
	assert_equal "${#lines[@]}" 256
	pl list
	assert_success
	assert_equal "${#lines[@]}" 257
	assert_line --index 1 --regexp '^0000:10:00.0 '
	assert_line --index 256 --regexp '^0000:17:1f.0 '
}

@test "list -j: 256 devices, sorted, fields intact" {
	for b in "${BDFS[@]}"; do
		fake_optin "$ROOT" "0000:$b" ok 1 0 "0000:00:04.0/00.0"
	done
	fake_optin "$ROOT" 0000:17:1f.0 "blocked: removed: 0000:17:1f.0 removed" 0 1
	pl -j list
	assert_success
	assert_json '.devices | length == 256'
	assert_json '[.devices[].bdf] == ([.devices[].bdf] | sort)'
	assert_json '.devices[0] | .bdf == "0000:10:00.0" and .bus_master == 1
		and .saved_bus_master == 0 and .status == "ok"'
	assert_json '[.devices[] | select(.blocked)] | length == 1'
	assert_json '[.devices[] | select(.reason_code)] ==
		[.devices[] | select(.blocked)] and
		.devices[255].reason_code == "removed"'
	assert_json '.devices[255].bdf == "0000:17:1f.0"'
	pl -j status
	assert_json '.nr_devices == 256 and .nr_blocked == 1'
	pl status
	assert_line --index 2 "devices:   256 opted in, 1 blocked"
}

@test "remove 256 devices in one command" {
	pl add "${BDFS[@]}"
	pl -j remove "${BDFS[@]}"
	assert_success
	assert_json '[.results[] | select(.ok)] | length == 256'
	pl -j list
	assert_json '.devices == []'
}
