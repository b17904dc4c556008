#!/usr/bin/env bats
# faults-second-kexec, stage 1: opt 0000:03:00.0 in; the kexec hook
# preserves and kexecs (pci-lu kexec).  Stage 2 finishes, opts in again and
# kexecs a second time right after the finish; stage 3 checks the second
# handover and finishes.

load ../lib/common
load ../lib/pcilu

@test "stage 1: opt 0000:03:00.0 in, Bus Master Enable on" {
	pcilu_load
	mkdir $PCILU_DEV/0000:03:00.0
	pcilu_enable_dma 03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}
