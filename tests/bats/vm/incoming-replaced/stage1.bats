#!/usr/bin/env bats
# incoming-replaced, stage 1: the edu 0000:03:00.0 behind the switch
# is opted in; the kexec hook preserves it and kexecs (pci-lu kexec).

load ../lib/common
load ../lib/pcilu

@test "0000:03:00.0 masters and is opted in: status ok" {
	pcilu_opt_in_mastering 03:00.0
}
