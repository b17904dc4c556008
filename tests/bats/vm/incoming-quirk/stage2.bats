#!/usr/bin/env bats
# incoming-quirk, stage 2: the next kernel found the record when PCI set
# up the xHCI, before its quirks ran; quirk_usb_early_handoff's
# pci_disable_device() left its Bus Master Enable alone until finish.  The
# control, set mastering again and re-enumerated (remove, rescan), is
# cleared by the same quirk.  Markers: 1 before and 2 after the control's
# re-enumeration, 3 right after pci-lu finish (host.bats).

load ../lib/common
load ../lib/pcilu

XHCI=0000:05:00.0
CONTROL=0000:06:00.0

@test "the record was found while PCI enumerated, before the quirks: the xHCI and its root port marked" {
	dmesg | grep -q 'pci-lu: retrieved 2 handed-over function(s)'
	dmesg | grep -q 'pci-lu: kept 2 of 2 handed-over function(s) until the live update is finished'
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line --regexp "^$XHCI endpoint saved_bus_master=1 bus_master=1 ok$"
	assert_line --regexp '^0000:00:06.0 bridge saved_bus_master=1 bus_master=1 ok$'
	# the record is taken over before the first fixup of the first function
	local first_rec first_fixup
	first_rec=$(dmesg | grep -n 'pci-lu: retrieved' | head -n 1 | cut -d: -f1)
	first_fixup=$(dmesg | grep -n 'pci 0000:00:00.0: \[' | head -n 1 | cut -d: -f1)
	[ "$first_rec" -lt "$first_fixup" ] || fail "record taken at log line $first_rec, after the first function's setup ($first_fixup)"
}

@test "quirk_usb_early_handoff's pci_disable_device() ran on the xHCI and kept its Bus Master Enable" {
	run dmesg
	assert_line --partial "pci $XHCI: Bus Master Enable kept: handed over by a live update"
	refute_line --partial "pci $CONTROL: Bus Master Enable kept"
}

@test "incoming: the xHCI and its root port, saved and live Bus Master Enable 1, ok; no reasons" {
	pcilu_load
	run cat "$PCILU_CFS/incoming"
	assert_line "$XHCI endpoint saved_bus_master=1 bus_master=1 ok"
	assert_line '0000:00:06.0 bridge saved_bus_master=1 bus_master=1 ok'
	assert_equal "${#lines[@]}" 2
	assert_equal "$(cat "$PCILU_CFS/incoming_reasons")" ''
}

@test "incoming ends with a newline and holds no NUL byte" {
	pcilu_assert_text "$PCILU_CFS/incoming"
}

@test "the control lost Bus Master Enable at the kexec" {
	assert_equal "$(pcilu_bm $CONTROL)" 0
}

@test "the control, mastering again and re-enumerated: the quirk clears Bus Master Enable (stock)" {
	pcilu_set_bm $CONTROL 1
	assert_equal "$(pcilu_bm $CONTROL)" 1
	pcilu_mark 1
	echo 1 > "$(pcilu_sysfs $CONTROL)/remove"
	echo 1 > /sys/bus/pci/rescan
	pcilu_mark 2
	[ -d "$(pcilu_sysfs $CONTROL)" ]
	assert_equal "$(pcilu_bm $CONTROL)" 0
}

@test "the xHCI still masters before finish" {
	assert_equal "$(pcilu_bm $XHCI)" 1
}

@test "finish: state idle, the xHCI keeps Bus Master Enable and stays unbound" {
	pci-lu finish
	pcilu_mark 3
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(pcilu_bm $XHCI)" 1
	[ ! -e "$(pcilu_sysfs $XHCI)/driver" ]
}
