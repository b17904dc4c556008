#!/usr/bin/env bats
# shared-bridges: two opted-in devices behind one switch share the switch's
# upstream port and the root port; each bridge is preserved once, with a
# count, and released with the last device that needs it.

load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
	pcilu_clear
}

@test "the topology has two edus behind two downstream ports of one switch" {
	assert_equal "$(cat "$(pcilu_sysfs 04:00.0)/device")" 0x11e8
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/path)" 0000:00:04.0/00.0/00.0/00.0
	assert_equal "$(cat $PCILU_DEV/0000:04:00.0/path)" 0000:00:04.0/00.0/01.0/00.0
}

@test "both opted in: shared bridges counted twice, own ports once" {
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	assert_equal "$(pcilu_users 0000:00:04.0)" 2
	assert_equal "$(pcilu_users 0000:01:00.0)" 2
	assert_equal "$(pcilu_users 0000:02:00.0)" 1
	assert_equal "$(pcilu_users 0000:02:01.0)" 1
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 6
}

@test "removing one keeps the shared bridges for the other" {
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	rmdir $PCILU_DEV/0000:04:00.0
	assert_equal "$(pcilu_users 0000:02:01.0)" none
	assert_equal "$(pcilu_users 0000:04:00.0)" none
	assert_equal "$(pcilu_users 0000:00:04.0)" 1
	assert_equal "$(pcilu_users 0000:01:00.0)" 1
	assert_equal "$(pcilu_users 0000:02:00.0)" 1
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}

@test "removing both releases everything" {
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	rmdir $PCILU_DEV/0000:03:00.0
	rmdir $PCILU_DEV/0000:04:00.0
	assert_equal "$(grep -c . $PCILU_DBG/nodes)" 0
	run cat $PCILU_DBG/stats
	assert_line 'items 0'
	assert_line 'nodes 0'
}

@test "preserve checks a shared bridge once, but its Bus Master Enable against each device behind it" {
	# 03:00.0 does not master, 04:00.0 does, their switch's upstream port
	# 01:00.0 does not: the first path passes and marks 01:00.0 checked;
	# the second must still be refused for it
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	pcilu_set_bm 03:00.0 0
	pcilu_enable_dma 04:00.0
	pcilu_set_bm 01:00.0 0
	run --separate-stderr timeout 60 pci-lu preserve --hold
	pcilu_set_bm 01:00.0 1
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:04:00.0: blocked: bus-master: 0000:01:00.0 has Bus Master Enable off while 0000:04:00.0 masters"
	assert_equal "$(cat $PCILU_CFS/state)" idle
}
