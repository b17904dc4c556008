#!/usr/bin/env bats
# inflight-dma, host side: QEMU's trace from the agent's start (marker 1)
# to the next kernel's /init (stage marker): no write cleared Bus Master
# Enable on the kept path; the control was cleared.

load "$PCILU_TOP/tests/bats/vm/lib/host"

clears() {
	"$PCILU_TRACE_BM" --count --from 1 --to stage "$PCILU_TRACE" "$1" | awk '{ print $2 }'
}

@test "no Bus Master Enable clear on 03:00.0 02:00.0 01:00.0 00:04.0 from the agent's start to the next kernel" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$(clears "$bdf")" 0
	done
}

@test "the control 04:00.0 was cleared by the kexec" {
	[ "$(clears 04:00.0)" -ge 1 ]
}

@test "the agent kexec'd with both DMAs pending" {
	for bdf in 0000:03:00.0 0000:04:00.0; do
		grep -aq "pci-lu-agent: DMA $bdf: edu buffer -> RAM 0x[0-9a-f]* (memfd page [0-9]*), 2048 bytes, in flight into the kexec" "$PCILU_SERIAL"
	done
	! grep -aq "inflight-dma: pci-lu-agent update returned" "$PCILU_SERIAL"
}
