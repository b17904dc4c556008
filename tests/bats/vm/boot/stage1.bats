#!/usr/bin/env bats
# boot: the guest runs the kernel we built, with LUO and configfs.

load ../lib/common

@test "guest runs the kernel built in this tree (release and version string)" {
	run uname -r
	assert_output "$(cat /etc/pcilu/kernelrelease)"
	run uname -v
	assert_output "$(cat /etc/pcilu/utsversion)"
}

@test "/dev/liveupdate exists (LUO enabled with kho=on liveupdate=on)" {
	[ -c /dev/liveupdate ]
}

@test "configfs is mounted at /sys/kernel/config" {
	run awk '$2 == "/sys/kernel/config" { print $3 }' /proc/mounts
	assert_output configfs
}

@test "KHO is active (debugfs kho directory)" {
	[ -d /sys/kernel/debug/kho ]
}

@test "the q35 base topology of tests/bats/vm/README is there" {
	for bdf in 00:04.0 01:00.0 02:00.0 03:00.0 00:05.0 04:00.0; do
		[ -d "$(pcilu_sysfs "$bdf")" ] || fail "no $bdf"
	done
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/device")" 0x11e8
	assert_equal "$(cat "$(pcilu_sysfs 04:00.0)/device")" 0x11e8
}

@test "pcilu-mark leaves marker 7 (checked on the host in host.bats)" {
	pcilu_mark 7
}

@test "the guest runs 2 CPUs (SMP kernel, CPUs enumerated through ACPI)" {
	run grep -c '^processor' /proc/cpuinfo
	assert_output 2
}
