#!/usr/bin/env bats
# handover-faults, stage 9: stage 8's kexec handed over a valid record whose
# entry for 0000:03:00.0 names another device ID ("mismatch"): the record is
# taken, that entry is reported as a mismatch, the bridges as ok.
# Finish, then arm "missing" for the last kexec.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load handover

@test "stage 9: the record is retrieved; one warning names 0000:03:00.0" {
	pcilu_load
	assert_equal "$(hf_klog_has 'pci-lu: handover record')" 0
	assert_equal "$(hf_klog_has 'pci-lu: retrieved 4 handed-over function(s)')" 1
	assert_equal "$(hf_klog_has 'handed over but')" 1
	assert_equal "$(hf_klog_exact 'pci-lu: 0000:03:00.0: handed over but the device there differs')" 1
}

@test "stage 9: incoming: 0000:03:00.0 mismatch (live bus master not shown), its bridges ok" {
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=0 mismatch'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 4
}

@test "stage 9: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 9: pci-lu status and pci-lu incoming agree: 4 records, the edu a mismatch" {
	hf_assert_cli_identity 0000:03:00.0 mismatch
}

@test "stage 9: pci-lu finish --strict fails (exit 1), 1 of 4 did not match; state idle" {
	hf_finish "finished LUO session pci-lu: released 1 device and 3 bridges (1 did not match)" 4 strict
}

@test "stage 9: opt 0000:03:00.0 in again; the next record puts it on an empty bus" {
	hf_arm missing
}
