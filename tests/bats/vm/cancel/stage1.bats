#!/usr/bin/env bats
# cancel: closing the LUO session before the kexec cancels the preservation.
# The following (stock) kexec then clears bus master everywhere.

load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
}

@test "while preserved: state preserved, mkdir and rmdir get EBUSY" {
	mkdir $PCILU_DEV/0000:03:00.0
	pcilu_hold
	run rmdir $PCILU_DEV/0000:03:00.0
	assert_failure
	assert_output --partial 'Device or resource busy'
	pcilu_refuse 0000:04:00.0 'Device or resource busy'
	kill -TERM $PCILU_HOLDER
	wait $PCILU_HOLDER || true
}

@test "SIGTERM to the holder closes the session: idle, configfs accepts changes" {
	pcilu_hold
	kill -TERM $PCILU_HOLDER
	wait $PCILU_HOLDER || true
	pcilu_wait_state idle
	mkdir $PCILU_DEV/0000:04:00.0
	rmdir $PCILU_DEV/0000:04:00.0
	dmesg | grep -q 'pci-lu: preservation cancelled'
}

@test "SIGKILL to the holder cancels too" {
	pcilu_hold
	kill -KILL $PCILU_HOLDER
	wait $PCILU_HOLDER || true
	pcilu_wait_state idle
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}

@test "Bus Master Enable on both edus before the stock kexec" {
	pcilu_enable_dma 03:00.0
	pcilu_enable_dma 04:00.0
}
