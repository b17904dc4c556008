#!/usr/bin/env bats
# incoming-unfinished, stage 2: the handed-over set is never finished; a
# new set is opted in and preserved all the same, and the kexec hook
# kexecs again with it.

load ../lib/common
load ../lib/pcilu

@test "records came in and are left unfinished: state incoming" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
}

@test "a new preservation while incoming: opt 0000:03:00.0 in again, status ok" {
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
}

@test "preserve --hold works while the incoming set is not finished, and cancels back to incoming" {
	pcilu_hold
	assert_equal "$(cat "$PCILU_CFS/state")" preserved
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	pcilu_wait_state incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
}

@test "DMA still works before the second kexec; the control edu masters again (the witness)" {
	edu-dma 03:00.0
	pcilu_enable_dma 04:00.0
}
