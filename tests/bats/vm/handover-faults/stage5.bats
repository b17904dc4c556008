#!/usr/bin/env bats
# handover-faults, stage 5: stage 4's kexec handed over a record with
# an unknown flag ("flags"): the next kernel refuses it as a whole.
# Finish, then arm "count" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 5: a record with an unknown flag is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "not frozen or unknown flags"
}

@test "stage 5: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 5: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 5: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 5: opt 0000:03:00.0 in again; the next record gets a count above its capacity" {
	hf_arm count
}
