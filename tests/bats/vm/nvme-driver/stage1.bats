#!/usr/bin/env bats
# nvme-driver, stage 1: an NVMe bound to nvme cannot be kept (nvme's
# .shutdown() disables the device, clearing Bus Master Enable, before
# pci-lu's hook runs); unbound, it can.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

NVME=0000:05:00.0
REASON="blocked: 0000:05:00.0 is bound to nvme, whose shutdown stops its DMA (unbind it first)"

@test "the NVMe 0000:05:00.0 is bound to nvme and masters" {
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs $NVME)/driver")")" nvme
	assert_equal "$(pcilu_bm $NVME)" 1
}

@test "opted in while bound: status blocked, naming nvme" {
	pcilu_load
	mkdir "$PCILU_DEV/$NVME"
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" "$REASON"
}

@test "preserve is refused with that reason (ENOLINK, exit 4)" {
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: $NVME: $REASON"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "unbound (nvme's remove clears Bus Master Enable; set it again): status ok" {
	echo "$NVME" > /sys/bus/pci/drivers/nvme/unbind
	[ ! -e "$(pcilu_sysfs $NVME)/driver" ]
	pcilu_set_bm $NVME 1
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" ok
	run pci-lu check 05:00.0
	assert_success
}

@test "the bridge of its path masters" {
	assert_equal "$(pcilu_bm 00:06.0)" 1
}
