#!/usr/bin/env bats
# format-skew, stage 4: the previous kernel handed over a pci-lu file but
# its record under format 1's FLB name, which this kernel does not look
# for.  Finishing the file must not underflow LUO's count of the FLB (a
# WARN in 7.2's liveupdate_flb_put_incoming(): the runner fails any), and
# the next preservation works.

load ../lib/common
load ../lib/pcilu
load ./lib

@test "stage 4: no record came in; the session and its memfd still do and finish" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
	format_agent_check "0 device(s), 0 bridge(s) handed over"
	dmesg | grep -q 'pci-lu: finished a pci-lu file that came without a record this kernel reads (no FLB pci-lu-flb-v2): nothing was taken over'
}

@test "stage 4: after that finish, a set is preserved and cancelled again (the handover object linked again)" {
	assert_equal "$(cat "$FORMAT_KNOB")" 3
	mkdir "$PCILU_DEV/0000:03:00.0"
	pcilu_hold
	assert_equal "$(cat "$PCILU_CFS/state")" preserved
	kill -TERM "$PCILU_HOLDER"
	pcilu_wait_state idle
	rmdir "$PCILU_DEV/0000:03:00.0"
}
