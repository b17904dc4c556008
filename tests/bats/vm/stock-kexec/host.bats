#!/usr/bin/env bats
# stock-kexec, on the host after the VM exited: the QEMU trace witnesses that
# stock Linux 7.2 clears Bus Master Enable on the endpoints and every bridge
# at kexec, children before parents.

bats_load_library bats-support
bats_load_library bats-assert

KEXEC_WINDOW=(--from kexec --to stage)

@test "serial: the second kernel found KHO data and stage 2 reported to the host" {
	run grep -a -c "KHO: found kexec handover data" "$PCILU_SERIAL"
	assert_output 1
	run grep -a "PCILU-DONE" "$PCILU_SERIAL"
	assert_output --partial "PCILU-DONE status=0 scenario=stock-kexec stage=2"
}

@test "trace: kexec clears bus master on 03:00.0, 02:00.0, 01:00.0, 00:04.0 and 04:00.0" {
	run "$PCILU_TRACE_BM" --count "${KEXEC_WINDOW[@]}" "$PCILU_TRACE" \
		03:00.0 02:00.0 01:00.0 00:04.0 04:00.0
	assert_success
	echo "$output"
	while read -r bdf n; do
		[ "$n" -ge 1 ] || fail "no bus-master-clearing write on $bdf in the kexec window"
	done <<< "$output"
}

@test "trace: the endpoint 03:00.0 is cleared before 02:00.0, 01:00.0, then 00:04.0" {
	run "$PCILU_TRACE_BM" "${KEXEC_WINDOW[@]}" "$PCILU_TRACE" 03:00.0 02:00.0 01:00.0 00:04.0
	assert_success
	echo "$output"
	order=$(awk '!seen[$2]++ { print $2 }' <<< "$output" | tr '\n' ' ')
	assert_equal "$order" "03:00.0 02:00.0 01:00.0 00:04.0 "
}

@test "trace: nothing cleared bus master on 03:00.0 in stage 1 before the kexec marker" {
	run "$PCILU_TRACE_BM" --to kexec "$PCILU_TRACE" 03:00.0
	assert_success
	assert_output ""
}
