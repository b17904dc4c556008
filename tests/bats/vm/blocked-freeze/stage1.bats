#!/usr/bin/env bats
# blocked-freeze: the opted-in device goes away between preserve and the
# kexec.  LUO's freeze fails, so reboot() fails, and this kernel keeps
# running with a clean state.

load ../lib/common
load ../lib/pcilu

@test "a kexec after the device was removed is refused, with the reason" {
	pcilu_load
	mkdir $PCILU_DEV/0000:03:00.0
	pcilu_hold
	echo 1 > "$(pcilu_sysfs 03:00.0)/remove"
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" "blocked: removed: 0000:03:00.0 removed"
	kexec -s -l /boot/bzImage --append="$(cat /proc/cmdline)"
	run kexec -e
	assert_failure
	dmesg | grep -q 'pci-lu: freeze refused: 0000:03:00.0: blocked: removed: 0000:03:00.0 removed'
	dmesg | grep -q 'luo: Freeze failed for token\[0x70636c75\] handler\[pci-lu-v1\]'
}

@test "still running: LUO unfroze the set (preserved again)" {
	assert_equal "$(cat $PCILU_CFS/state)" preserved
}

@test "closing the session leaves a clean idle state; rmdir works" {
	kill -TERM "$(pidof pci-lu)"
	pcilu_wait_state idle
	rmdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 0
	kexec -s -u
}
