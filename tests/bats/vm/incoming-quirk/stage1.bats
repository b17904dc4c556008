#!/usr/bin/env bats
# incoming-quirk, stage 1: two xHCI controllers, no driver; 0000:05:00.0
# gets Bus Master Enable and is opted in, 0000:06:00.0 is the control.

load ../lib/common
load ../lib/pcilu

XHCI=0000:05:00.0
CONTROL=0000:06:00.0

@test "two xHCI controllers (class 0x0c0330), no driver bound to them" {
	local d
	for d in $XHCI $CONTROL; do
		assert_equal "$(cat "$(pcilu_sysfs $d)/class")" 0x0c0330
		[ ! -e "$(pcilu_sysfs $d)/driver" ] || fail "$d has a driver"
	done
}

@test "0000:05:00.0 masters and is opted in: status ok" {
	pcilu_set_bm $XHCI 1
	assert_equal "$(pcilu_bm $XHCI)" 1
	pcilu_load
	mkdir "$PCILU_DEV/$XHCI"
	assert_equal "$(cat "$PCILU_DEV/$XHCI/status")" ok
	assert_equal "$(pcilu_bm 00:06.0)" 1
}

@test "the control 0000:06:00.0 masters too, not opted in" {
	pcilu_set_bm $CONTROL 1
	assert_equal "$(pcilu_bm $CONTROL)" 1
	[ ! -e "$PCILU_DEV/$CONTROL" ]
}
