#!/usr/bin/env bats
# configfs: opting a device in, its attributes, and every refusal of abi.md.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
}

teardown() {
	pcilu_clear
}

@test "top level: version is pci-lu-format-3, state is idle, incoming and incoming_reasons are empty" {
	assert_equal "$(cat $PCILU_CFS/version)" pci-lu-format-3
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
	assert_equal "$(cat $PCILU_CFS/incoming_reasons)" ''
}

@test "mkdir 0000:03:00.0: path is the upstream path behind the switch, status ok" {
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/path)" 0000:00:04.0/00.0/00.0/00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/saved_bus_master)" -
}

@test "a device on a root port: path 0000:00:05.0/00.0" {
	mkdir $PCILU_DEV/0000:04:00.0
	assert_equal "$(cat $PCILU_DEV/0000:04:00.0/path)" 0000:00:05.0/00.0
}

@test "bus_master follows Bus Master Enable written through sysfs config" {
	mkdir $PCILU_DEV/0000:03:00.0
	pcilu_set_bm 03:00.0 1
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 1
	pcilu_set_bm 03:00.0 0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 0
	pcilu_set_bm 03:00.0 1
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 1
}

@test "rmdir opts the device out and releases its path" {
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(pcilu_users 0000:00:04.0)" 1
	rmdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(pcilu_users 0000:03:00.0)" none
	assert_equal "$(pcilu_users 0000:00:04.0)" none
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 0
}

@test "malformed names: EINVAL and one log line each (21 names)" {
	pcilu_refuse 03:00.0 'Invalid argument'
	pcilu_refuse 0000:03:00.0x 'Invalid argument'
	pcilu_refuse 0000:03:20.0 'Invalid argument'
	pcilu_refuse 0000:03:00.8 'Invalid argument'
	pcilu_refuse 0000:03:00.A 'Invalid argument'
	pcilu_refuse 0000:0A:00.0 'Invalid argument'
	pcilu_refuse 0000:03:1F.0 'Invalid argument'
	pcilu_refuse "0000:03:00.0 " 'Invalid argument'
	pcilu_refuse $'0000:03:00.0\n' 'Invalid argument' '0000:03:00.0\n'
	pcilu_refuse $'0000:03:00.0\t' 'Invalid argument' '0000:03:00.0\t'
	pcilu_refuse " 000:03:00.0" 'Invalid argument'
	pcilu_refuse 0000-03:00.0 'Invalid argument'
	pcilu_refuse 000:003:00.0 'Invalid argument'
	pcilu_refuse +000:03:00.0 'Invalid argument'
	pcilu_refuse 0000:3:000.0 'Invalid argument'
	pcilu_refuse 0000:03:00:0 'Invalid argument'
	pcilu_refuse 0000:03.00.0 'Invalid argument'
	pcilu_refuse 0000:0g:00.0 'Invalid argument'
	pcilu_refuse 00010000:03:00.0 'Invalid argument'
	pcilu_refuse 100000000:03:00.0 'Invalid argument'
	pcilu_refuse 0x00:03:00.0 'Invalid argument'
}

@test "absent device: ENODEV and one log line" {
	pcilu_refuse 0000:09:00.0 'No such device'
	pcilu_refuse 0001:03:00.0 'No such device'
}

@test "domains above ffff as pci_name() prints them (5 to 8 digits): parsed, ENODEV here" {
	pcilu_refuse 10000:03:00.0 'No such device'
	pcilu_refuse 1000a:e1:00.0 'No such device'
	pcilu_refuse ffffffff:ff:1f.7 'No such device'
	run --separate-stderr pci-lu add 10000:e1:00.0
	assert_failure 4
	assert_equal "$stderr" "pci-lu: add 10000:e1:00.0: no such PCI device"
}

@test "bridges (switch ports, root port): EOPNOTSUPP and one log line" {
	pcilu_refuse 0000:02:00.0 'Operation not supported'
	pcilu_refuse 0000:01:00.0 'Operation not supported'
	pcilu_refuse 0000:00:04.0 'Operation not supported'
}

@test "duplicate: EEXIST (refused by the VFS), the first stays intact" {
	mkdir $PCILU_DEV/0000:03:00.0
	run mkdir $PCILU_DEV/0000:03:00.0
	assert_failure
	assert_output --partial 'File exists'
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(pcilu_users 0000:03:00.0)" 1
}

@test "attributes are read-only" {
	mkdir $PCILU_DEV/0000:03:00.0
	for a in path bus_master saved_bus_master status; do
		run sh -c "echo 1 > $PCILU_DEV/0000:03:00.0/$a"
		assert_failure
	done
	for a in state version; do
		run sh -c "echo idle > $PCILU_CFS/$a"
		assert_failure
	done
	assert_equal "$(cat $PCILU_CFS/state)" idle
}

@test "module: rmmod is refused while a device is opted in, then unloads and reloads" {
	if pcilu_cfs_builtin; then
		skip "pci-lu-configfs is built in on the $PCILU_VARIANT kernel"
	fi
	mkdir $PCILU_DEV/0000:03:00.0
	run modprobe -r pci-lu-configfs
	assert_failure
	[ -d $PCILU_DEV/0000:03:00.0 ]
	rmdir $PCILU_DEV/0000:03:00.0
	modprobe -r pci-lu-configfs
	[ ! -d $PCILU_CFS ]
	modprobe pci-lu-configfs
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}
