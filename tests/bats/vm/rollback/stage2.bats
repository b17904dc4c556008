#!/usr/bin/env bats
# rollback, stage 2: the kernel without pci-lu, after a forced live update
# that handed it a pci-lu file.  What the admin guide ("Version skew and
# rollback") says happens: LUO has no handler for pci-lu-v1, cannot
# deserialize the session, and then no session at all can be reached.

load ../lib/common

@test "stage 2 runs the kernel without pci-lu (no /dev/pci-lu, no configfs pci-lu)" {
	assert_equal "$PCILU_STAGE" 2
	[ ! -e /dev/pci-lu ]
	run modprobe pci-lu-configfs
	[ ! -d /sys/kernel/config/pci-lu ]
	dmesg | grep -q 'KHO: found kexec handover data'
}

@test "every session is unreachable: open /dev/liveupdate fails with EIO" {
	[ -e /dev/liveupdate ]
	run pcilu-try open /dev/liveupdate
	assert_failure 1
	assert_output EIO
}

@test "LUO (at that first open): no registered handler for pci-lu-v1, the session cannot be deserialized" {
	dmesg | grep -q "luo: No registered handler for compatible 'pci-lu-v1'"
	dmesg | grep -qE 'luo: Failed to deserialize files for session .*-2'
}
