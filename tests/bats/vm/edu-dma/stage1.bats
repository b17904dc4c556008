#!/usr/bin/env bats
# edu-dma: the DMA probe later tests rely on (tests/vm/edu-dma.c) works with
# Bus Master Enable on, fails with it off, and never changes it itself.

load ../lib/common

probe() {	# probe BDF BM EXPECTED_STATUS
	pcilu_set_bm "$1" "$2"
	run edu-dma "$1"
	echo "$output"
	assert_equal "$status" "$3"
	assert_equal "bus master of $1: $(pcilu_bm "$1")" "bus master of $1: $2"
}

@test "03:00.0: DMA round-trips with Bus Master Enable on" {
	probe 03:00.0 1 0
}

@test "03:00.0: DMA fails with Bus Master Enable off" {
	probe 03:00.0 0 1
}

@test "04:00.0: DMA round-trips with Bus Master Enable on" {
	probe 04:00.0 1 0
}

@test "04:00.0: DMA fails with Bus Master Enable off" {
	probe 04:00.0 0 1
}

@test "edu-dma refuses a device that is not an edu (exit 2)" {
	run edu-dma 00:04.0
	assert_equal "$status" 2
}
