#!/usr/bin/env bats
# cli-blocked: an opted-in device disappears; pci-lu shows the kernel's
# blocked status everywhere and refuses to start a live update with it.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

REASON="blocked: removed: 0000:03:00.0 removed"

@test "opt the edu in, then remove it from the bus" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	echo 1 >"$(pcilu_sysfs 03:00.0)/remove"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" "$REASON"
}

@test "pci-lu list and status show the blocked device" {
	run pci-lu list
	assert_success
	assert_line --index 1 --regexp "^0000:03:00.0 .* $REASON\$"
	run pci-lu -j status
	assert_success
	assert_output --partial '"nr_devices":1,"nr_blocked":1'
	run pci-lu -j status 03:00.0
	assert_success
	assert_output --partial "\"opted_in\":true,\"status\":\"$REASON\",\"reason_code\":\"removed\",\"blocked\":true"
	assert_output --partial '"vendor":null'
}

@test "pci-lu check: the device is gone (exit 4, refused)" {
	run --separate-stderr pci-lu check 03:00.0
	assert_failure 4
	assert_equal "$stderr" "pci-lu: check 0000:03:00.0: blocked: nodev: 0000:03:00.0 no such device"
}

@test "pci-lu kexec and preserve --hold: the kernel refuses, pci-lu gives its reason" {
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" --reuse-cmdline
	assert_failure 4
	assert_equal "$stderr" "pci-lu: kexec: preserve refused: 0000:03:00.0: $REASON"
	run --separate-stderr pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:03:00.0: $REASON"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	dmesg | grep -q "pci-lu: preserve refused: 0000:03:00.0: $REASON"
}

@test "two blocked devices: the refusal names the first and points to list" {
	run pci-lu add 04:00.0
	assert_success
	echo 1 >"$(pcilu_sysfs 04:00.0)/remove"
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" --reuse-cmdline
	assert_failure 4
	assert_equal "$stderr" "pci-lu: kexec: preserve refused: 0000:03:00.0: $REASON (and more blocked devices: see 'pci-lu list')"
	dmesg | grep -q 'pci-lu: preserve refused: '
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "pci-lu remove opts the gone devices out" {
	run pci-lu remove 03:00.0 04:00.0
	assert_success
	assert_output "$(printf '%s\n' "0000:03:00.0: opted out" "0000:04:00.0: opted out")"
	run pci-lu list
	assert_output "no device is opted in"
}
