#!/usr/bin/env bats
# Self-test of tests/vm/trace-bm on a synthetic QEMU trace (host tier).

bats_load_library bats-support
bats_load_library bats-assert

TRACE_BM=$BATS_TEST_DIRNAME/trace-bm

setup() {
	T=$BATS_TEST_TMPDIR/trace.log
	# line numbers matter: the output starts with them
	cat > "$T" <<'TRACE'
1@1.0:pci_cfg_read mch 00:00.0 @0x0 -> 0x8086
1@1.1:pci_cfg_write edu 03:00.0 @0x4 <- 0x103
1@1.2:pci_cfg_write edu 03:00.0 @0x4 <- 0x107
1@1.3:pci_cfg_write edu 03:00.0 @0x4 <- 0x103
1@1.4:pci_cfg_read mch 00:00.0 @0xe5 -> 0x0
1@1.5:pci_cfg_read edu 04:00.0 @0x4 -> 0x100107
1@1.6:pci_cfg_write edu 04:00.0 @0x4 <- 0x100103
1@1.7:pci_cfg_write edu 03:00.0 @0x4 <- 0x103
1@1.8:pci_cfg_write xio3130-downstream 02:00.0 @0x4 <- 0x7
1@1.9:pci_cfg_write xio3130-downstream 02:00.0 @0x5 <- 0x0
1@2.0:pci_cfg_write xio3130-downstream 02:00.0 @0x4 <- 0x3
1@2.1:pci_cfg_read mch 00:00.0 @0xfe -> 0x0
1@2.2:pci_cfg_write edu 04:00.0 @0x4 <- 0x107
1@2.3:pci_cfg_write edu 04:00.0 @0x4 <- 0x103
1@2.4:pci_cfg_read mch 00:00.0 @0xe5 -> 0x0
1@2.5:pci_cfg_read mch 00:00.0 @0xff -> 0x0
TRACE
}

@test "whole trace: only 1->0 transitions of bit 2 count, device state from reads too" {
	run "$TRACE_BM" "$T" 03:00.0 04:00.0 0000:02:00.0
	assert_success
	assert_output - <<'OUT'
4 03:00.0 edu 0x107->0x103
7 04:00.0 edu 0x107->0x103
11 02:00.0 xio3130-downstream 0x7->0x3
14 04:00.0 edu 0x107->0x103
OUT
}

@test "a window between markers; dword accesses carry STATUS in the upper half" {
	run "$TRACE_BM" --from 5 --to kexec "$T" 03:00.0 04:00.0 02:00.0
	assert_success
	assert_output - <<'OUT'
7 04:00.0 edu 0x107->0x103
11 02:00.0 xio3130-downstream 0x7->0x3
OUT
}

@test "--raw lists every COMMAND write with bit 2 clear" {
	run "$TRACE_BM" --raw --from 5 --to kexec "$T" 03:00.0
	assert_success
	assert_output "8 03:00.0 edu 0x103->0x103"
}

@test "--count prints every BDF asked for, zero included" {
	run "$TRACE_BM" --count --from kexec "$T" 03:00.0 04:00.0
	assert_success
	assert_output - <<'OUT'
03:00.0 0
04:00.0 1
OUT
}

@test "N@K picks the K-th marker N; the end marker is searched after the start" {
	run "$TRACE_BM" --count --from 5@2 --to stage "$T" 04:00.0
	assert_success
	assert_output "04:00.0 0"
	run "$TRACE_BM" --count --from 5 --to 5 "$T" 04:00.0
	assert_success
	assert_output "04:00.0 2"
}

@test "a marker missing from the trace is exit status 3, not an empty window" {
	run "$TRACE_BM" --from 7 "$T" 03:00.0
	assert_equal "$status" 3
	run "$TRACE_BM" --from stage --to 5 "$T" 03:00.0
	assert_equal "$status" 3
}

@test "--marks lists the markers" {
	run "$TRACE_BM" --marks "$T"
	assert_success
	assert_output - <<'OUT'
5 5
12 30
15 5
16 31
OUT
}

@test "usage errors are exit status 2" {
	run "$TRACE_BM" "$T"
	assert_equal "$status" 2
	run "$TRACE_BM" --from 99 "$T" 03:00.0
	assert_equal "$status" 2
}
