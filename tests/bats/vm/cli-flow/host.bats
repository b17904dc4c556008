#!/usr/bin/env bats
# cli-flow on the host: the JSON documents pci-lu printed in the guest
# (PCILU-JSON lines of the serial log) are valid and say what they should.

bats_load_library bats-support
bats_load_library bats-assert

setup() {
	[ -n "${PCILU_SERIAL:-}" ] && [ -f "$PCILU_SERIAL" ] ||
		fail "PCILU_SERIAL (the run's serial.log, set by tests/vm/run) is not a file: '${PCILU_SERIAL:-}'"
}

doc() {
	grep -a "^PCILU-JSON $1 " "$PCILU_SERIAL" | tr -d '\r' |
		sed "s/^PCILU-JSON $1 //"
}

# the document satisfies the JSON contract of pci-lu(8) for exit status
# $3 (default 0: tests/bats/host/json-contract.jq) and the filter $2
check() {
	local name=$1 filter=$2 rc=${3:-0} json
	json=$(doc "$name")
	[ -n "$json" ] || fail "no PCILU-JSON $name in the serial log"
	printf '%s' "$json" | jq -e --argjson rc "$rc" \
		-f "$BATS_TEST_DIRNAME/../../host/json-contract.jq" >/dev/null ||
		fail "$name: not the documented JSON shape for exit $rc: $json"
	printf '%s' "$json" | jq -e "$filter" >/dev/null ||
		fail "$name: '$filter' does not hold for $json"
}

@test "stage 1: pci-lu -j list" {
	check stage1-list '.devices == [{"bdf": "0000:03:00.0", "blocked": false,
		"reason_code": null, "status": "ok", "bus_master": 1,
		"saved_bus_master": null,
		"path": "0000:00:04.0/00.0/00.0/00.0"}]'
}

@test "stage 1: pci-lu -j status and status BDF" {
	check stage1-status '. == {"schema": 1, "command": "status",
		"format": "pci-lu-format-3", "state": "idle", "nr_devices": 1,
		"nr_blocked": 0, "nr_bridges": 3, "nr_records": 0,
		"incoming_format": null, "error": null}'
	check stage1-status-device '.opted_in and .vendor == "0x1234" and
		.device == "0x11e8" and .bridge == false and .status == "ok"'
}

@test "stage 1: pci-lu -j check" {
	check stage1-check '.results[0] == {"bdf": "0000:03:00.0", "ok": true,
		"error": null, "reason_code": null, "status": "ok"}' 4
	check stage1-check '.results[1] | .bdf == "0000:02:00.0" and
		.ok == false and .error.errno == "EOPNOTSUPP" and .error.exit == 4
		and (.status | startswith("blocked: bridge: 0000:02:00.0 ")) and
		.reason_code == "bridge" and
		.error.reason == .status' 4
}

@test "stage 1: pci-lu -j add: idempotent for the opted-in edu, refused (4) for a missing one" {
	check stage1-add '[.results[] | [.bdf, .ok, .changed]] ==
		[["0000:03:00.0", true, false], ["0000:09:00.0", false, false]]
		and .error.errno == "ENODEV"' 4
}

@test "stage 1: pci-lu -j kexec while the tool's session is held: busy (5), an error document" {
	check stage1-kexec-busy '(has("session") | not) and .command == "kexec"
		and .error.errno == "EEXIST" and
		.error.what == "kexec: create LUO session pci-lu"' 5
}

@test "stage 1: pci-lu -j preserve --hold" {
	check stage1-hold '. == {"schema": 1, "command": "preserve",
		"session": "pci-lu", "token": "0x70636c75", "state": "preserved",
		"nr_devices": 1, "nr_bridges": 3, "nr_blocked": 0, "error": null}'
}

@test "stage 2: pci-lu -j status in the next kernel" {
	check stage2-status '.state == "incoming" and .nr_records == 4 and
		.format == "pci-lu-format-3" and
		.incoming_format == "pci-lu-format-3"'
	check stage2-status-after '.state == "idle" and .nr_records == 0'
}

@test "stage 2: pci-lu -j incoming" {
	check stage2-incoming '.records | length == 4'
	check stage2-incoming '[.records[] | select(.kind == "endpoint")] ==
		[{"bdf": "0000:03:00.0", "kind": "endpoint",
		  "saved_bus_master": 1, "bus_master": 1, "result": "ok", "reason": null}]'
	check stage2-incoming '[.records[] | select(.kind == "bridge") | .bdf]
		| sort == ["0000:00:04.0", "0000:01:00.0", "0000:02:00.0"]'
	check stage2-incoming 'all(.records[]; .result == "ok")'
}

@test "stage 2: pci-lu -j finish --strict: 1 device, 3 bridges, 4 records, none unmatched" {
	check stage2-finish '.state == "incoming" and .nr_devices == 1 and
		.nr_bridges == 3 and .nr_unmatched == 0 and (.records | length) == 4'
}

@test "the switch was pci-lu's: it ran kexec and the next kernel took the handover" {
	grep -aq "^preserved 1 device and 3 bridges in LUO session pci-lu; rebooting into /boot/bzImage" "$PCILU_SERIAL"
	grep -aq "luo: Retrieved live update data" "$PCILU_SERIAL"
	! grep -aq "cli-flow: pci-lu kexec failed" "$PCILU_SERIAL"
}
