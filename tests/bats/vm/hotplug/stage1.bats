#!/usr/bin/env bats
# hotplug: hot removal of an opted-in device, and of a bridge on its path.
# The item turns blocked naming what went, the references are dropped, and
# rmdir still works.  A rescan brings the devices back for the next test.

load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
	pcilu_clear
	[ -d "$(pcilu_sysfs 03:00.0)" ] || echo 1 > /sys/bus/pci/rescan
	[ -d "$(pcilu_sysfs 03:00.0)" ]
}

@test "removing the opted-in device: blocked: removed: 0000:03:00.0 removed, rmdir works" {
	mkdir $PCILU_DEV/0000:03:00.0
	echo 1 > "$(pcilu_sysfs 03:00.0)/remove"
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" "blocked: removed: 0000:03:00.0 removed"
	run cat $PCILU_DEV/0000:03:00.0/bus_master
	assert_failure
	run cat $PCILU_DBG/nodes
	assert_line '0000:03:00.0 endpoint users=1 removed'
	assert_line '0000:02:00.0 bridge users=1'
	rmdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 0
}

@test "removing a bridge on the path: blocked names the bridge, rmdir works" {
	mkdir $PCILU_DEV/0000:03:00.0
	echo 1 > "$(pcilu_sysfs 02:00.0)/remove"
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" "blocked: removed: 0000:02:00.0 removed"
	run cat $PCILU_DBG/nodes
	assert_line '0000:02:00.0 bridge users=1 removed'
	assert_line '0000:01:00.0 bridge users=1'
	rmdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 0
}

@test "after a rescan the device can be opted in again" {
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/path)" 0000:00:04.0/00.0/00.0/00.0
}

@test "a blocked item refuses preservation (ENOLINK) with the reason logged" {
	mkdir $PCILU_DEV/0000:03:00.0
	echo 1 > "$(pcilu_sysfs 03:00.0)/remove"
	run pci-lu preserve --hold
	assert_failure
	# "preserve refused: BDF: STATUS" is how the CLI reports ENOLINK from
	# the preservation (any other errno reads differently)
	assert_output "pci-lu: preserve: preserve refused: 0000:03:00.0: blocked: removed: 0000:03:00.0 removed"
	dmesg | grep -q 'pci-lu: preserve refused: 0000:03:00.0: blocked: removed: 0000:03:00.0 removed'
	assert_equal "$(cat $PCILU_CFS/state)" idle
}
