#!/usr/bin/env bats
# handover-faults, stage 10: stage 9's kexec handed over a valid record whose
# entry for 0000:03:00.0 was moved to bus 0xfe, where there is no device
# ("missing"): the record is taken, that entry is reported missing, the
# bridges as ok.  Finish; the run ends here.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu
load handover

@test "stage 10: the record is retrieved; one warning names 0000:fe:00.0" {
	pcilu_load
	[ ! -e /sys/bus/pci/devices/0000:fe:00.0 ]
	assert_equal "$(hf_klog_has 'pci-lu: handover record')" 0
	assert_equal "$(hf_klog_has 'pci-lu: retrieved 4 handed-over function(s)')" 1
	assert_equal "$(hf_klog_has 'handed over but')" 1
	assert_equal "$(hf_klog_exact 'pci-lu: 0000:fe:00.0: handed over but missing')" 1
}

@test "stage 10: incoming: 0000:fe:00.0 missing, the bridges of 0000:03:00.0 ok" {
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:fe:00.0 endpoint saved_bus_master=1 bus_master=0 missing'
	assert_line '0000:02:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:01:00.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_line '0000:00:04.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 4
}

@test "stage 10: Bus Master Enable is still on along 0000:03:00.0's path" {
	hf_assert_bm_kept
}

@test "stage 10: pci-lu status and pci-lu incoming agree: 4 records, one missing" {
	hf_assert_cli_identity 0000:fe:00.0 missing
}

@test "stage 10: pci-lu finish --strict fails (exit 1), 1 of 4 did not match; state idle" {
	hf_finish "finished LUO session pci-lu: released 1 device and 3 bridges (1 did not match)" 4 strict
}

@test "stage 10: a new kernel starts with the fault knob disarmed" {
	assert_equal "$(cat "$HF_KNOB")" none
}
