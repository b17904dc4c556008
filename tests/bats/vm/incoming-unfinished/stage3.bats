#!/usr/bin/env bats
# incoming-unfinished, stage 3: the second kexec (after the first handover
# was abandoned) handed the new set over; finish releases its holds.

load ../lib/common
load ../lib/pcilu

PATH_BDFS="03:00.0 02:00.0 01:00.0 00:04.0"

@test "third kernel: the second preservation came in, path kept" {
	assert_equal "$PCILU_STAGE" 3
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
}

@test "before finish: reset refused again; runtime PM usage counts recorded" {
	run pcilu-try write "$(pcilu_sysfs 03:00.0)/reset" 1
	assert_output EBUSY
	pcilu_rpm_usage $PATH_BDFS > /tmp/usage-before-finish
}

@test "DMA works without anyone enabling it; finish" {
	edu-dma 03:00.0
	pci-lu finish
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "after finish: resets of the edu and of the bus below its bridge work" {
	run pcilu-try write "$(pcilu_sysfs 03:00.0)/reset" 1
	assert_output OK
	run pcilu-try write "$(pcilu_sysfs 02:00.0)/reset_subordinate" 1
	assert_output OK
}

@test "after finish: the pin is gone: every path function's runtime PM usage count dropped by one, and the edu suspends with power/control=auto" {
	local b n i
	while read -r b n; do
		echo "$b $((n - 1))"
	done < /tmp/usage-before-finish > /tmp/usage-expected
	pcilu_rpm_usage $PATH_BDFS > /tmp/usage-after-finish
	run diff /tmp/usage-expected /tmp/usage-after-finish
	assert_success
	echo auto > "$(pcilu_sysfs 03:00.0)/power/control"
	for i in $(seq 50); do
		[ "$(cat "$(pcilu_sysfs 03:00.0)/power/runtime_status")" = suspended ] && break
		sleep 0.2
	done
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/power/runtime_status")" suspended
	echo on > "$(pcilu_sysfs 03:00.0)/power/control"
	assert_equal "$(cat "$(pcilu_sysfs 03:00.0)/power/runtime_status")" active
}
