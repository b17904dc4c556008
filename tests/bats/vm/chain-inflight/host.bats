#!/usr/bin/env bats
# chain-inflight, host side: QEMU's trace over all three kexecs, from the
# first agent's start (marker 1, first time) to stage 4's /init (the third
# stage marker): no write cleared Bus Master Enable on the kept path; the
# control was cleared once per kexec.

load "$PCILU_TOP/tests/bats/vm/lib/host"

clears() {
	"$PCILU_TRACE_BM" --count --from 1@1 --to 31@3 "$PCILU_TRACE" "$1" | awk '{ print $2 }'
}

@test "three kexecs: 0 Bus Master Enable clears on 03:00.0 02:00.0 01:00.0 00:04.0" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$(clears "$bdf")" 0
	done
}

@test "three kexecs: the control 04:00.0 was cleared by each (3 clears)" {
	assert_equal "$(clears 04:00.0)" 3
}

@test "the set was held by pci-lu preserve --hold twice, then in the agent's own session" {
	run grep -ac '^holding LUO session pci-lu (state preserved, 1 device, 3 bridges); SIGINT or SIGTERM cancels it' "$PCILU_SERIAL"
	assert_output 2
	run grep -ac 'pci-lu-agent: session pci-lu-agent: memfd (5 pages, token 1); no /dev/pci-lu (-n)' "$PCILU_SERIAL"
	assert_output 2
	grep -aq 'pci-lu-agent: session pci-lu-agent: memfd (5 pages, token 1) and /dev/pci-lu (token 2)' "$PCILU_SERIAL"
	! grep -aq 'chain-inflight: the kexec hook of stage [0-9] returned' "$PCILU_SERIAL"
}
