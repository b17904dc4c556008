#!/usr/bin/env bats
# iommu-pt-kexec, host side: QEMU's trace shows no Bus Master Enable clear
# on the preserved path across the kexec; the control edu was cleared.

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "no Bus Master Enable clear on 03:00.0 02:00.0 01:00.0 00:04.0 across the kexec (IOMMU, iommu=pt)" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$(bm_clears "$bdf")" 0
	done
}

@test "the control device 04:00.0 was cleared at least once" {
	[ "$(bm_clears 04:00.0)" -ge 1 ]
}
