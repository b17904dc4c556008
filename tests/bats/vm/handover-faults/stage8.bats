#!/usr/bin/env bats
# handover-faults, stage 8: stage 7's kexec handed over a record with
# a function listed twice ("duplicate"): the next kernel refuses it as a whole.
# Finish, then arm "mismatch" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 8: a record with a function listed twice is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "a function listed twice"
}

@test "stage 8: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 8: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 8: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 8: opt 0000:03:00.0 in again; the next record gets another device ID for 0000:03:00.0" {
	hf_arm mismatch
}
