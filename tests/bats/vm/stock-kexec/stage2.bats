#!/usr/bin/env bats
# stock-kexec, stage 2: the kernel kexec'd into, with KHO handover data.

load ../lib/common

@test "stage 2 runs in the kexec'd kernel (pcilu_stage=2 on its command line)" {
	assert_equal "$PCILU_STAGE" 2
	run cat /proc/cmdline
	assert_output --partial "pcilu_stage=2"
	assert_output --partial "kho=on"
	assert_output --partial "liveupdate=on"
}

@test "the kernel found kexec handover data (KHO)" {
	run dmesg
	assert_output --partial "KHO: found kexec handover data"
}

@test "/dev/liveupdate exists after the kexec" {
	[ -c /dev/liveupdate ]
}

@test "stock shutdown left Bus Master Enable clear on both edu devices" {
	assert_equal "$(pcilu_bm 03:00.0)" 0
	assert_equal "$(pcilu_bm 04:00.0)" 0
}

@test "so edu DMA from 03:00.0 fails in the new kernel" {
	run edu-dma 03:00.0
	assert_failure 1
}
