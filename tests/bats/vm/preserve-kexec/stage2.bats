#!/usr/bin/env bats
# preserve-kexec, stage 2: what came in, DMA without re-enabling anything,
# then finish.

load ../lib/common
load ../lib/pcilu

@test "this is the second kernel, booted with handover data" {
	assert_equal "$PCILU_STAGE" 2
	dmesg | grep -q 'KHO: found kexec handover data'
	dmesg | grep -q 'pci-lu: retrieved 4 handed-over function(s)'
}

@test "state is incoming" {
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" incoming
}

@test "incoming: the endpoint and its three bridges, saved and live bus master 1, ok" {
	pcilu_load
	run cat $PCILU_CFS/incoming
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 4
}

@test "the kept edu arrived with INTx Disable set (masked by pci-lu at freeze), the control edu without" {
	# PCI_COMMAND bit 10; the kept edu has an INTx pin and no driver
	[ "$(cat "$(pcilu_sysfs 03:00.0)/irq")" != "" ]
	assert_equal "$(( 0x$(pcilu_command 03:00.0) & 0x400 ))" 1024
	assert_equal "$(( 0x$(pcilu_command 04:00.0) & 0x400 ))" 0
}

@test "the control device 0000:04:00.0 lost Bus Master Enable" {
	assert_equal "$(pcilu_bm 04:00.0)" 0
}

@test "edu DMA from 0000:03:00.0 works without anyone setting Bus Master Enable" {
	assert_equal "$(pcilu_bm 03:00.0)" 1
	edu-dma 03:00.0
}

@test "the same DMA on the control device fails" {
	echo 1 > "$(pcilu_sysfs 04:00.0)/enable"
	run edu-dma 04:00.0
	assert_failure 1
}

@test "finish releases the records: state idle, incoming empty" {
	pcilu_load
	pci-lu finish
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat $PCILU_CFS/incoming)" ''
	dmesg | grep -q 'pci-lu: finished: released 4 handed-over function(s)'
}
