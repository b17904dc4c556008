#!/usr/bin/env bats
# handover-faults, stage 6: stage 5's kexec handed over a record with
# a count above its capacity ("count"): the next kernel refuses it as a whole.
# Finish, then arm "checksum" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 6: a record with a count above its capacity is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "bad count"
}

@test "stage 6: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 6: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 6: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 6: opt 0000:03:00.0 in again; the next record gets a bad checksum" {
	hf_arm checksum
}
