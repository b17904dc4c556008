#!/usr/bin/env bats
# handover-faults, host side: the old kernels applied the nine faults in
# order, each freeze was a real one, and QEMU's trace shows that none of
# the nine kexecs cleared Bus Master Enable on the preserved path (the
# record was bad, not the kexec).

load "$PCILU_TOP/tests/bats/vm/lib/host"

# the k-th kexec marker (trace-bm's alias "kexec" takes no @K)
MARK_KEXEC=30

FAULTS="magic version entry_size flags count checksum duplicate mismatch missing"

@test "the old kernels corrupted the record once per kexec, in stage order" {
	run sh -c "grep -a -o 'pci-lu: fault injection: handover record corrupted ([a-z_]*)' '$PCILU_SERIAL' |
		sed 's/.*(\(.*\))/\1/' | tr '\n' ' '"
	assert_output "$FAULTS "
}

@test "nine freezes of 1 device and 3 bridges" {
	run grep -a -c 'pci-lu: frozen: 1 device(s), 3 bridge(s)' "$PCILU_SERIAL"
	assert_output 9
}

@test "no Bus Master Enable clear on 03:00.0 02:00.0 01:00.0 00:04.0 in any of the nine kexecs" {
	for k in 1 2 3 4 5 6 7 8 9; do
		run "$PCILU_TRACE_BM" --count --from "$MARK_KEXEC@$k" --to stage "$PCILU_TRACE" \
			03:00.0 02:00.0 01:00.0 00:04.0
		assert_success
		assert_output "03:00.0 0
02:00.0 0
01:00.0 0
00:04.0 0"
	done
}

@test "the witness: the first kexec cleared the control device 04:00.0" {
	[ "$(bm_clears 04:00.0)" -ge 1 ]
}
