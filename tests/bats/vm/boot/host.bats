#!/usr/bin/env bats
# boot, on the host: the marker mechanism is sound on this kernel.

bats_load_library bats-support
bats_load_library bats-assert

@test "trace: the only reads of 00:00.0 at 0xe0-0xff are the guest's pcilu-mark calls" {
	# stage1.bats leaves exactly marker 7 once, and nothing else does
	run "$PCILU_TRACE_BM" --marks "$PCILU_TRACE"
	assert_success
	assert_equal "$(awk '{ print $2 }' <<< "$output" | tr '\n' ' ')" "7 "
}

@test "serial: the guest reported DONE with status 0" {
	run grep -a "PCILU-DONE" "$PCILU_SERIAL"
	assert_output --partial "PCILU-DONE status=0 scenario=boot stage=1"
}
