#!/usr/bin/env bats
# The opted-in set in configfs: add, remove, list, status.
# A fake configfs makes plain directories, so these tests check what the
# CLI does (mkdir/rmdir, messages, exit codes); errnos only the kernel
# produces are checked through pci-lu-unit (errmap.bats) and in the VM tier.

setup() {
	load common
	common_setup
}

BLOCKED="blocked: power: 0000:02:00.0 is in D3cold"
# the same from a kernel without reason codes
BLOCKED_OLD="blocked: 0000:02:00.0 is in D3cold"

# ---- add / remove ----

@test "add creates devices/<bdf> and reports each device" {
	pl add 03:00.0 0000:04:00.0
	assert_success
	assert_output "$(printf '%s\n' '0000:03:00.0: opted in' \
		'0000:04:00.0: opted in')"
	assert_equal "$stderr" ""
	[ -d "$CFS/devices/0000:03:00.0" ] && [ -d "$CFS/devices/0000:04:00.0" ]
}

@test "add -j: one result per device" {
	pl -j add 03:00.0 04:00.0
	assert_success
	assert_json '.results | length == 2'
	assert_json '[.results[].ok] == [true, true]'
	assert_json '.results[0] == {"bdf": "0000:03:00.0", "ok": true,
		"error": null, "status": null, "reason_code": null,
		"changed": true}'
}

@test "add of an opted-in device is idempotent (EEXIST: unchanged, exit 0)" {
	fake_optin "$ROOT" 0000:03:00.0
	pl add 04:00.0 03:00.0 00:05.0
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(printf '%s\n' '0000:04:00.0: opted in' \
		'0000:03:00.0: opted in already (status: ok)' \
		'0000:00:05.0: opted in')"
	[ -d "$CFS/devices/0000:00:05.0" ]
	pl -j add 03:00.0 04:00.0
	assert_success
	assert_json '[.results[] | .ok and (.changed | not)] == [true, true]'
}

@test "add -j with a failure: ok false, the error object, first failure's exit" {
	rm -rf "$CFS/devices"
	touch "$CFS/devices"
	pl -j add 03:00.0 04:00.0
	assert_failure 1
	assert_json '.results[0] | .ok == false and .changed == false and
		.error.reason == "Not a directory" and .error.errno == "ENOTDIR"
		and .error.what == "add 0000:03:00.0" and .status == null'
	assert_json '.results[1].error.what == "add 0000:04:00.0"'
	assert_json '.error == .results[0].error'
}

@test "the same device twice on one command line: the second is unchanged" {
	pl add 03:00.0 0000:03:00.0
	assert_success
	assert_output "$(printf '%s\n' '0000:03:00.0: opted in' \
		'0000:03:00.0: opted in already')"
	assert_equal "$stderr" ""
}

@test "remove deletes devices/<bdf>" {
	pl add 03:00.0 04:00.0
	pl remove 0000:03:00.0 4:0.0
	assert_success
	assert_output "$(printf '%s\n' '0000:03:00.0: opted out' \
		'0000:04:00.0: opted out')"
	run find "$CFS/devices" -mindepth 1
	assert_output ""
}

@test "remove of a device not opted in is idempotent (ENOENT: unchanged)" {
	pl add 04:00.0
	pl remove 03:00.0 04:00.0
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(printf '%s\n' '0000:03:00.0: opted out already' \
		'0000:04:00.0: opted out')"
	pl -j remove 03:00.0
	assert_success
	assert_json '.results[0] | .ok and .changed == false and .error == null'
}

@test "add and remove: errors other than the table's use strerror" {
	rmdir "$CFS/devices"
	touch "$CFS/devices"
	pl add 03:00.0
	assert_failure 1
	assert_error_line "^pci-lu: add 0000:03:00.0: Not a directory$"
	pl -j remove 03:00.0
	assert_failure 1
	assert_json '.results[0].error.errno == "ENOTDIR"'
}

@test "add: permission denied names the fix (run as an unprivileged user)" {
	if [ "$(id -u)" -ne 0 ]; then
		chmod a-w "$CFS/devices"
		pl add 03:00.0
	else
		# root ignores directory permissions: a tree and a binary that
		# nobody can reach, and the CLI run as nobody
		PERM=$(mktemp -d /tmp/pcilu-perm.XXXXXX)
		chmod 0755 "$PERM"
		fake_tree "$PERM/tree"
		cp "$PCI_LU" "$PERM/pci-lu"
		chmod -R a+rX "$PERM"
		chmod a-w "$PERM/tree/sys/kernel/config/pci-lu/devices"
		run --separate-stderr setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$PERM/pci-lu" --root "$PERM/tree" add 03:00.0
		rm -rf "$PERM"
	fi
	assert_failure 4
	assert_error_line "^pci-lu: add 0000:03:00.0: permission denied \(run as root\)$"
}

# ---- configfs missing ----

@test "no configfs pci-lu directory: every configfs command says why (exit 3)" {
	rm -rf "$CFS"
	echo 03:00.0 >"$BATS_TEST_TMPDIR/conf"
	for c in "add 03:00.0" "remove 03:00.0" list status "status 03:00.0" \
		incoming "kexec -k /dev/null" "preserve --hold" check \
		"apply $BATS_TEST_TMPDIR/conf"; do
		# shellcheck disable=SC2086
		pl $c
		assert_failure 3
		assert_error_line "^pci-lu: ${c%% *}: $CFS: not found: load the module \(modprobe pci-lu-configfs\), or the kernel lacks pci-lu$"
		assert_output ""
	done
}

@test "configfs not mounted: says how to mount it" {
	rm -rf "$CFS"
	sed -i '/configfs/d' "$ROOT/proc/mounts"
	pl list
	assert_failure 3
	assert_error_line "^pci-lu: list: $CFS: configfs is not mounted \(mount -t configfs none /sys/kernel/config\)$"
}

# ---- list ----

@test "list: nothing opted in" {
	pl list
	assert_success
	assert_output "no device is opted in"
	pl -j list
	assert_success
	assert_json '.devices == []'
}

@test "list: text table of every opted-in device, sorted" {
	fake_optin "$ROOT" 0000:04:00.0 ok 1 - 0000:00:05.0/00.0
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED" 0 1
	pl list
	assert_success
	assert_line --index 0 --regexp '^BDF +BM +SAVED +PATH +STATUS$'
	assert_line --index 1 --regexp "^0000:03:00.0 +0 +1 +0000:00:04.0/00.0/00.0/00.0 +$BLOCKED$"
	assert_line --index 2 --regexp '^0000:04:00.0 +1 +- +0000:00:05.0/00.0 +ok$'
	assert_equal "${#lines[@]}" 3
}

@test "list -j: fields and types" {
	fake_optin "$ROOT" 0000:04:00.0 ok 1 - 0000:00:05.0/00.0
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED" 0 1
	pl -j list
	assert_success
	assert_json '.devices | length == 2'
	assert_json ".devices[0] == {\"bdf\": \"0000:03:00.0\", \"blocked\": true,
		\"status\": \"$BLOCKED\", \"reason_code\": \"power\",
		\"bus_master\": 0, \"saved_bus_master\": 1,
		\"path\": \"0000:00:04.0/00.0/00.0/00.0\"}"
	assert_json '.devices[1] == {"bdf": "0000:04:00.0", "blocked": false,
		"status": "ok", "reason_code": null, "bus_master": 1,
		"saved_bus_master": null, "path": "0000:00:05.0/00.0"}'
}

@test "list -j: unreadable attributes are null, not an error" {
	mkdir "$CFS/devices/0000:03:00.0"
	pl -j list
	assert_success
	assert_json '.devices[0] | .status == null and .bus_master == null
		and .path == null and .blocked == false and .reason_code == null'
}

# ---- status ----

@test "status: overall text" {
	fake_optin "$ROOT" 0000:03:00.0
	fake_optin "$ROOT" 0000:04:00.0 "$BLOCKED"
	echo preserved >"$CFS/state"
	pl status
	assert_success
	assert_output "$(cat <<-OUT
	format:    pci-lu-format-3
	state:     preserved
	devices:   2 opted in, 1 blocked
	bridges:   -
	incoming:  0 records
	OUT
	)"
}

@test "status: the incoming record's format (configfs incoming_version) next to its count" {
	fake_incoming "$ROOT" \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok"
	echo pci-lu-format-2 >"$CFS/incoming_version"
	pl status
	assert_success
	assert_line "incoming:  1 record (pci-lu-format-2)"
	pl -j status
	assert_json '.incoming_format == "pci-lu-format-2" and .nr_records == 1'
	: >"$CFS/incoming_version"
	pl -j status
	assert_json '.incoming_format == null'
}

@test "status -j: overall counts, bridges null without /dev/pci-lu" {
	fake_optin "$ROOT" 0000:03:00.0
	fake_optin "$ROOT" 0000:04:00.0 "$BLOCKED"
	fake_incoming "$ROOT" \
		"0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok"
	pl -j status
	assert_success
	assert_json '. == {"schema": 1, "command": "status",
		"format": "pci-lu-format-3", "state": "idle", "nr_devices": 2,
		"nr_blocked": 1, "nr_bridges": null, "nr_records": 1,
		"incoming_format": null, "error": null}'
}

@test "status -j: every state value passes through" {
	for s in idle preserved frozen incoming; do
		echo "$s" >"$CFS/state"
		pl -j status
		assert_success
		assert_json ".state == \"$s\""
	done
}

@test "status works from configfs alone when /dev/pci-lu is not a pci-lu device" {
	touch "$ROOT/dev/pci-lu"
	pl -j status
	assert_success
	assert_json '.nr_bridges == null and .nr_devices == 0'
}

@test "status -j: incoming null when the kernel shows no incoming file" {
	rm "$CFS/incoming"
	pl -j status
	assert_success
	assert_json '.nr_records == null'
}

@test "status: a malformed incoming file fails (exit 1), the rest is shown" {
	fake_incoming "$ROOT" "garbage"
	pl -j status
	assert_failure 1
	assert_json '.nr_records == null and .state == "idle" and
		.error.reason == "malformed record"'
	assert_error_line "^pci-lu: status: $CFS/incoming: line 1: malformed record$"
}

@test "status BDF: an opted-in device in detail (text)" {
	fake_optin "$ROOT" 0000:03:00.0 ok 1 -
	pl status 3:00.0
	assert_success
	assert_output "$(cat <<-OUT
	device            0000:03:00.0
	opted in          yes
	status            ok
	reason code       -
	bus master        1
	saved bus master  -
	path              0000:00:04.0/00.0/00.0/00.0
	vendor            0x1234
	device id         0x11e8
	class             0x00ff00
	bridge            no
	virtual function  no
	OUT
	)"
}

@test "status -j BDF: an opted-in device" {
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED" 0 1
	pl -j status 03:00.0
	assert_success
	assert_json "del(.schema, .command, .error) == {\"bdf\": \"0000:03:00.0\", \"opted_in\": true,
		\"status\": \"$BLOCKED\", \"reason_code\": \"power\",
		\"blocked\": true, \"bus_master\": 0,
		\"saved_bus_master\": 1, \"path\": \"0000:00:04.0/00.0/00.0/00.0\",
		\"vendor\": \"0x1234\", \"device\": \"0x11e8\",
		\"class\": \"0x00ff00\", \"bridge\": false, \"virtfn\": false}"
}

@test "status -j BDF: a device not opted in, path from the sysfs nesting" {
	pl -j status 04:00.0
	assert_success
	assert_json '.opted_in == false and .status == null and
		.bus_master == null and .path == "0000:00:05.0/00.0"'
	pl -j status 02:00.0
	assert_json '.bridge == true and .class == "0x060400" and
		.path == "0000:00:04.0/00.0/00.0"'
	pl -j status 00:04.0
	assert_json '.path == "0000:00:04.0" and .vendor == "0x1b36"'
}

@test "status -j BDF: a virtual function (physfn link)" {
	dir=$(fake_pci_dev "$ROOT" pci0000:00/0000:00:05.0/0000:04:00.0 \
		0000:04:00.1 0x1234 0x11e9 0x020000)
	ln -s .. "$ROOT/sys/devices/$dir/physfn"
	pl -j status 04:00.1
	assert_success
	assert_json '.virtfn == true and .path == "0000:00:05.0/00.0/00.1"'
}

@test "status BDF: opted in but gone from sysfs" {
	fake_optin "$ROOT" 0000:09:00.0 "blocked: removed: 0000:09:00.0 removed"
	pl -j status 09:00.0
	assert_success
	assert_json '.opted_in and .vendor == null and .blocked and
		.reason_code == "removed"'
}

@test "status BDF: no such device (exit 4)" {
	pl status 09:00.0
	assert_failure 4
	assert_error_line "^pci-lu: status 0000:09:00.0: no such PCI device$"
	assert_output ""
}

# ---- reason codes and the non-mastering note ----

@test "list -j: reason_code of each kind of status: ok, a code, none (older kernel)" {
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED"
	fake_optin "$ROOT" 0000:04:00.0 ok
	fake_optin "$ROOT" 0000:05:00.0 "blocked: driver: 0000:05:00.0 is bound to nvme (driver DMA lands in memory the next kernel reuses: unbind it)"
	fake_optin "$ROOT" 0000:06:00.0 "$BLOCKED_OLD"
	pl -j list
	assert_success
	assert_json '[.devices[] | [.bdf, .reason_code, .blocked]] == [
		["0000:03:00.0", "power", true], ["0000:04:00.0", null, false],
		["0000:05:00.0", "driver", true], ["0000:06:00.0", null, true]]'
	# the status line itself is passed on unchanged
	assert_json ".devices[3].status == \"$BLOCKED_OLD\""
}

@test "list -j: every documented reason code is passed through" {
	for code in removed nodev path link power bus-master driver iommu ats \
		sriov msi requester; do
		rm -rf "$CFS/devices/0000:03:00.0"
		fake_optin "$ROOT" 0000:03:00.0 "blocked: $code: 0000:02:00.0 why"
		pl -j list
		assert_success
		assert_json ".devices[0].reason_code == \"$code\" and
			.devices[0].blocked"
	done
}

@test "status -j BDF: reason_code null for ok and for a status without a code" {
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED_OLD" 0 1
	fake_optin "$ROOT" 0000:04:00.0 ok 1 - 0000:00:05.0/00.0
	pl -j status 03:00.0
	assert_success
	assert_json ".reason_code == null and .blocked and .status == \"$BLOCKED_OLD\""
	pl -j status 04:00.0
	assert_success
	assert_json '.reason_code == null and .blocked == false'
	pl -j status 00:05.0
	assert_json '.reason_code == null and .status == null'
}

@test "status BDF: a blocked device's reason code in the text" {
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED" 0 1
	pl status 03:00.0
	assert_success
	assert_line --index 2 "status            $BLOCKED"
	assert_line --index 3 "reason code       power"
}

@test "add -j of an opted-in device: the result carries the status's reason_code" {
	fake_optin "$ROOT" 0000:03:00.0 "$BLOCKED"
	fake_optin "$ROOT" 0000:04:00.0 ok
	pl -j add 03:00.0 04:00.0
	assert_success
	assert_json '[.results[] | .reason_code] == ["power", null]'
}

@test "status BDF: an ok device with Bus Master Enable off gets a note; JSON has the live bit" {
	fake_optin "$ROOT" 0000:04:00.0 ok 0 - 0000:00:05.0/00.0
	pl status 04:00.0
	assert_success
	assert_line --index 4 "bus master        0"
	assert_line "  note: Bus Master Enable is off: accepted, but it has no DMA to keep through the kexec until it is set"
	assert_equal "${lines[-1]}" "  note: Bus Master Enable is off: accepted, but it has no DMA to keep through the kexec until it is set"
	pl -j status 04:00.0
	assert_success
	assert_json '.bus_master == 0 and .status == "ok" and .blocked == false'
}

@test "status BDF: no note while it masters, nor for a blocked device" {
	fake_optin "$ROOT" 0000:03:00.0 ok 1
	pl status 03:00.0
	assert_success
	refute_output --partial "note:"
	fake_optin "$ROOT" 0000:04:00.0 "$BLOCKED" 0 - 0000:00:05.0/00.0
	pl status 04:00.0
	assert_success
	refute_output --partial "note:"
}
