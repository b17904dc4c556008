#!/usr/bin/env bats
# handover-faults, stage 2: stage 1's kexec handed over a record with
# a bad magic ("magic"): the next kernel refuses it as a whole.
# Finish, then arm "version" for the next kexec.

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 2: a record with a bad magic is refused: one log line, state incoming, nothing incoming" {
	hf_assert_refused "bad magic"
}

@test "stage 2: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 2: pci-lu status and pci-lu incoming agree: incoming, no records" {
	hf_assert_cli_refused
}

@test "stage 2: pci-lu finish succeeds, releases nothing; state idle" {
	hf_finish_refused
}

@test "stage 2: opt 0000:03:00.0 in again; the next record gets an unknown version" {
	hf_arm version
}
