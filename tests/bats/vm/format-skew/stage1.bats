#!/usr/bin/env bats
# format-skew: updates between kernels of different handover record
# formats, without building them: a test kernel's debugfs
# pci-lu/write_format sets the format its freeze writes
# (CONFIG_PCI_LU_FORMAT_TEST).  Every update is the example agent's: from
# stage 1 its session holds its memfd (the DMA target) and /dev/pci-lu;
# from stages 2 and 3 the set is in pci-lu's own session and the agent's
# holds only its memfd (see ./kexec).
#   stage 1 -> 2: format 2, the previous one: read, the path protected;
#   stage 2 -> 3: format 4, a newer one: every record version-mismatch;
#   stage 3 -> 4: format 1's FLB name (no record this kernel finds):
#                 the file still finishes without LUO's count underflowing.
# In each next kernel every session, memfds included, comes back and
# finishes; the runner fails any WARN (refcount underflow included).

load ../lib/common
load ../lib/pcilu
load ./lib

@test "this kernel writes format 3 and says so: version, compatibles" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/version")" pci-lu-format-3
	assert_equal "$(head -1 "$PCILU_CFS/compatibles")" "pci-lu pci-lu-format-3"
	grep -qx 'luo luo-v[0-9]*' "$PCILU_CFS/compatibles"
	grep -qx 'kho kho-v[0-9]*' "$PCILU_CFS/compatibles"
	grep -qx 'memfd memfd-v[0-9]*' "$PCILU_CFS/compatibles"
	assert_equal "$(cat "$FORMAT_KNOB")" 3
}

@test "write_format: 0 and 256 are out of range; a value is refused while preserved" {
	pcilu_load
	run sh -c "echo 0 > $FORMAT_KNOB"
	assert_failure
	run sh -c "echo 256 > $FORMAT_KNOB"
	assert_failure
	mkdir "$PCILU_DEV/0000:03:00.0"
	pcilu_hold
	run sh -c "echo 2 > $FORMAT_KNOB"
	assert_failure
	assert_output --partial 'Device or resource busy'
	kill -TERM "$PCILU_HOLDER"
	pcilu_wait_state idle
	rmdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$FORMAT_KNOB")" 3
}

@test "stage 1: 03:00.0 opted in; the next freeze writes format 2 (the previous one)" {
	format_prepare 2
}
