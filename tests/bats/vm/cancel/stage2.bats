#!/usr/bin/env bats
# cancel, stage 2: nothing was handed over, bus master is off.

load ../lib/common
load ../lib/pcilu

@test "nothing came in: state idle, incoming empty" {
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
}

@test "bus master is off on 03:00.0 and on the control 04:00.0, as stock leaves them (bridges: host.bats, from the trace)" {
	assert_equal "$(pcilu_bm 03:00.0)" 0
	assert_equal "$(pcilu_bm 04:00.0)" 0
}
