#!/usr/bin/env bats
# preserve-kexec, host side: QEMU's trace of config writes is the witness.
# From the kexec marker to the second kernel's first marker, no write
# cleared Bus Master Enable on the preserved path, and the control device
# was cleared as stock Linux does.

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "no Bus Master Enable clear on 03:00.0 02:00.0 01:00.0 00:04.0 across the kexec" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$(bm_clears "$bdf")" 0
	done
}

@test "the control device 04:00.0 was cleared at least once" {
	[ "$(bm_clears 04:00.0)" -ge 1 ]
}

@test "the kernel froze exactly the preserved path: 1 device, 3 bridges" {
	run grep -a -c 'pci-lu: frozen: 1 device(s), 3 bridge(s)' "$PCILU_SERIAL"
	assert_output 1
}
