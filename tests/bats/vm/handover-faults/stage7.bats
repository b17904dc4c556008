#!/usr/bin/env bats
# handover-faults, stage 7: stage 6's kexec handed over a record with
# a bad checksum ("checksum"): the next kernel refuses it as a whole.
# Finish, then arm "duplicate" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 7: a record with a bad checksum is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "bad checksum"
}

@test "stage 7: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 7: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 7: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 7: opt 0000:03:00.0 in again; the next record gets a function listed twice" {
	hf_arm duplicate
}
