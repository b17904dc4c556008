#!/usr/bin/env bats
# cli-freeze-refused: the device goes away after `pci-lu kexec` preserved the
# set but before its reboot(). LUO's freeze fails, reboot() returns, and
# pci-lu unloads the kexec image, cancels the session and names the device.
# A watcher removes the device as soon as the state is "preserved"; the load
# of a 32 MiB initrd keeps kexec_file_load busy long enough. Should the
# watcher lose the race, the next kernel boots without a scenario and the run
# fails (it cannot loop).

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

@test "setup: the edu opted in, a large initrd" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	dd if=/dev/zero of=/tmp/big-initrd bs=1M count=32 2>/dev/null
}

@test "pci-lu kexec: reboot refused, with the blocked device and its status" {
	sysdev=$(pcilu_sysfs 03:00.0)
	(
		while read -r s <"$PCILU_CFS/state" && [ "$s" != preserved ]; do
			:
		done
		echo 1 >"$sysdev/remove"
	) &
	watcher=$!
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" -i /tmp/big-initrd \
		--command-line "console=ttyS0 kho=on liveupdate=on pcilu_scenario=cli-freeze-refused-lost-the-race"
	wait "$watcher"
	assert_failure 4
	assert_output "preserved 1 device and 3 bridges in LUO session pci-lu; rebooting into $PCILU_KERNEL"
	assert_equal "$stderr" "pci-lu: kexec: reboot refused: 0000:03:00.0: blocked: removed: 0000:03:00.0 removed"
	dmesg | grep -q 'pci-lu: freeze refused: 0000:03:00.0: blocked: removed: 0000:03:00.0 removed'
}

@test "after the refusal: image unloaded, session cancelled, state idle" {
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	run pci-lu remove 03:00.0
	assert_success
}
