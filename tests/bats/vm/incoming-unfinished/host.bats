#!/usr/bin/env bats
# incoming-unfinished, host side: both kexecs kept the path (trace).

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "no Bus Master Enable clear on the path across the second kexec (incoming never finished)" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0; do
		run "$PCILU_TRACE_BM" --count --from 30@2 --to stage "$PCILU_TRACE" "$bdf"
		assert_success
		assert_output "$bdf 0"
	done
}

@test "the control device 04:00.0 was cleared in the second kexec" {
	run "$PCILU_TRACE_BM" --count --from 30@2 --to stage "$PCILU_TRACE" 04:00.0
	assert_success
	[ "$(awk '{ print $2 }' <<<"$output")" -ge 1 ]
}
