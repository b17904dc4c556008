#!/usr/bin/env bats
# stock-kexec, stage 1: give both edu devices Bus Master Enable, then /init
# runs ./kexec (stock kexec-tools, kexec_file_load) into stage 2.
# host.bats then checks the QEMU trace: stock Linux clears bus master on the
# devices and every bridge at kexec.

load ../lib/common

@test "stage 1 is the first boot (no handover data yet)" {
	assert_equal "$PCILU_STAGE" 1
	run dmesg
	refute_output --partial "KHO: found kexec handover data"
}

@test "Bus Master Enable set on 03:00.0 and the control 04:00.0 (16-bit config writes)" {
	pcilu_set_bm 03:00.0 1
	pcilu_set_bm 04:00.0 1
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(pcilu_bm 04:00.0)" 1
}

@test "the bridges above the edu devices have Bus Master Enable (pcieport)" {
	for b in 02:00.0 01:00.0 00:04.0 00:05.0; do
		assert_equal "$b=$(pcilu_bm "$b")" "$b=1"
	done
}

@test "edu DMA works on 03:00.0 before the kexec" {
	run edu-dma 03:00.0
	assert_success
}
