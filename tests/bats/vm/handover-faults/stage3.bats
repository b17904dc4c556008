#!/usr/bin/env bats
# handover-faults, stage 3: stage 2's kexec handed over a record with
# an unknown version ("version"): the next kernel refuses it as a whole.
# Finish, then arm "entry_size" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 3: a record with an unknown version is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "unknown version"
}

@test "stage 3: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 3: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 3: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 3: opt 0000:03:00.0 in again; the next record gets an unknown entry size" {
	hf_arm entry_size
}
