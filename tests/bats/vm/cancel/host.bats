#!/usr/bin/env bats
# cancel, host side: after a cancel the kexec clears bus master everywhere.

load "$PCILU_TOP/tests/bats/vm/lib/host"

@test "every device and bridge got a Bus Master Enable clear across the kexec" {
	for bdf in 03:00.0 02:00.0 01:00.0 00:04.0 04:00.0; do
		[ "$(bm_clears "$bdf")" -ge 1 ] || fail "$bdf was not cleared"
	done
}
