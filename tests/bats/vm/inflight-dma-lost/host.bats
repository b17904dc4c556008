#!/usr/bin/env bats
# inflight-dma-lost, host side: the kexec cleared Bus Master Enable on both
# edus (QEMU's trace, agent start to the next kernel's /init).

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "both edus were cleared by the kexec" {
	for bdf in 03:00.0 04:00.0; do
		[ "$("$PCILU_TRACE_BM" --count --from 1 --to stage "$PCILU_TRACE" "$bdf" | awk '{ print $2 }')" -ge 1 ]
	done
}
