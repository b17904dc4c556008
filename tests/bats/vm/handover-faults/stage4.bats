#!/usr/bin/env bats
# handover-faults, stage 4: stage 3's kexec handed over a record with
# an unknown entry size ("entry_size"): the next kernel refuses it as a whole.
# Finish, then arm "flags" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 4: a record with an unknown entry size is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "unknown entry size"
}

@test "stage 4: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 4: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 4: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 4: opt 0000:03:00.0 in again; the next record gets an unknown flag" {
	hf_arm flags
}
