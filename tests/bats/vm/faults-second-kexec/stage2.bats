#!/usr/bin/env bats
# faults-second-kexec, stage 2: the first handover, finish, then opt in
# again right away for the second kexec (the hook runs after this stage).

load ../lib/common
load ../lib/pcilu

@test "stage 2: incoming from the first kexec: the endpoint and its three bridges, ok" {
	assert_equal "$PCILU_STAGE" 2
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" incoming
	run cat $PCILU_CFS/incoming
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 4
}

@test "stage 2: finish, then opting in again right after works" {
	pci-lu finish
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	pcilu_enable_dma 04:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(cat $PCILU_DEV/0000:04:00.0/status)" ok
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 1
}

@test "stage 2: the new set preserves and cancels before the real second kexec" {
	pcilu_hold
	kill -TERM $PCILU_HOLDER
	wait $PCILU_HOLDER || true
	pcilu_wait_state idle
}
