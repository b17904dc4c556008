#!/usr/bin/env bats
# format-skew, stage 4: the previous kernel handed over a pci-lu file (in
# pci-lu's session) but its record under format 1's FLB name, which this
# kernel does not look for.  Finishing the file must not underflow LUO's count of the FLB (a
# WARN in 7.2's liveupdate_flb_put_incoming(): the runner fails any), and
# the next preservation works.

load ../lib/common
load ../lib/pcilu
load ./lib

@test "stage 4: no record came in; the other session (the agent's memfd) still does and finishes" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
	assert_equal "$(cat "$PCILU_CFS/incoming_version")" ''
	format_other_session_check
}

@test "stage 4: pci-lu's session comes back and finishes without LUO's count underflowing" {
	run pci-lu finish
	assert_success
	dmesg | grep -q 'pci-lu: finished a pci-lu file that came without a record this kernel reads (no FLB pci-lu-flb-v2): nothing was taken over'
	assert_equal "$(cat "$PCILU_CFS/state")" idle
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
