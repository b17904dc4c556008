#!/usr/bin/env bats
# incoming-unfinished, stage 1: opt 0000:03:00.0 in and kexec with it
# (pci-lu kexec).

load ../lib/common
load ../lib/pcilu

@test "0000:03:00.0 opted in, Bus Master Enable on, DMA works" {
	pcilu_load
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
	pcilu_enable_dma 03:00.0
	edu-dma 03:00.0
}
