#!/usr/bin/env bats
# nvme-driver, stage 2: the NVMe and its root port kept Bus Master Enable,
# and the nvme driver, built in, did not bind the handed-over NVMe: not at
# boot, not through its bind file, until finish; after finish nothing
# binds it by itself, binding it is the owner's decision.

load ../lib/common
load ../lib/pcilu

@test "incoming: the NVMe and its root port, Bus Master Enable saved and kept" {
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:05:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:06.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 2
}

@test "nvme, built in, did not bind the handed-over NVMe at boot" {
	grep -qw nvme "/lib/modules/$(uname -r)/modules.builtin"
	[ -d /sys/bus/pci/drivers/nvme ]
	[ ! -e "$(pcilu_sysfs 05:00.0)/driver" ] || fail "bound to $(basename "$(readlink "$(pcilu_sysfs 05:00.0)/driver")")"
	dmesg | grep -q 'pci-lu: kept 2 of 2 handed-over function(s) until the live update is finished'
}

@test "binding it through nvme's bind file before finish fails (ENODEV)" {
	run sh -c 'echo 0000:05:00.0 > /sys/bus/pci/drivers/nvme/bind'
	assert_failure
	assert_output --partial 'No such device'
	[ ! -e "$(pcilu_sysfs 05:00.0)/driver" ]
}

@test "finish" {
	pci-lu finish
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "after finish nothing binds it by itself; the owner binds it to nvme" {
	[ ! -e "$(pcilu_sysfs 05:00.0)/driver" ]
	echo 0000:05:00.0 > /sys/bus/pci/drivers/nvme/bind
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs 05:00.0)/driver")")" nvme
}
