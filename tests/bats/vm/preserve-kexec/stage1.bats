#!/usr/bin/env bats
# preserve-kexec, stage 1: opt 0000:03:00.0 in, give both edus Bus Master
# Enable, check that both can DMA; the kexec hook then preserves the set in
# a LUO session and kexecs (pci-lu kexec).

load ../lib/common
load ../lib/pcilu

@test "0000:03:00.0 opted in, path ok" {
	pcilu_load
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(cat $PCILU_CFS/state)" idle
}

@test "both edus have Bus Master Enable and can DMA" {
	pcilu_enable_dma 03:00.0
	pcilu_enable_dma 04:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 1
	edu-dma 03:00.0
	edu-dma 04:00.0
	# INTx enabled on both before the kexec (stage 2: masked on the kept one)
	assert_equal "$(( 0x$(pcilu_command 03:00.0) & 0x400 ))" 0
	assert_equal "$(( 0x$(pcilu_command 04:00.0) & 0x400 ))" 0
}

@test "every bridge on the path has Bus Master Enable" {
	for b in 02:00.0 01:00.0 00:04.0; do
		assert_equal "$(pcilu_bm $b)" 1
	done
}
