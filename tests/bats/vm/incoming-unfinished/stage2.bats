#!/usr/bin/env bats
# incoming-unfinished, stage 2: the handed-over set is not finished.  The
# next kernel holds it as the old one did (resets refused, runtime PM
# pinned); a new set is preserved all the same; then the handover is
# abandoned (drivers bind again), and the kexec hook kexecs again with a
# new preservation.

load ../lib/common
load ../lib/pcilu

PATH_BDFS="03:00.0 02:00.0 01:00.0 00:04.0"

@test "records came in and are left unfinished: state incoming" {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
}

@test "before finish: resets of the handed-over edu and of the buses below its bridges are refused (EBUSY)" {
	pcilu_assert_path_resets_refused
}

# (without the pin the unbound edu runtime-suspends at once: stage 3 shows
# it after finish; the ports suspend too where the platform lets them)
@test "before finish: power/control=auto suspends nothing on the handed-over path (runtime PM pinned)" {
	local b n
	for b in $PATH_BDFS; do
		echo auto > "$(pcilu_sysfs $b)/power/control"
	done
	sleep 2
	for b in $PATH_BDFS; do
		assert_equal "$b $(cat "$(pcilu_sysfs $b)/power/runtime_status")" "$b active"
		n=$(pcilu_rpm_usage $b) || fail "$b: no runtime PM usage count"
		[ "${n#* }" -ge 1 ] || fail "$b: runtime PM usage count ${n#* }"
	done
	for b in $PATH_BDFS; do
		echo on > "$(pcilu_sysfs $b)/power/control"
	done
}

@test "before finish: no driver binds the handed-over edu (pci-stub's bind file: ENODEV)" {
	echo pci-stub > "$(pcilu_sysfs 03:00.0)/driver_override"
	run pcilu-try write /sys/bus/pci/drivers/pci-stub/bind 0000:03:00.0
	assert_output ENODEV
	[ ! -e "$(pcilu_sysfs 03:00.0)/driver" ]
}

@test "a new preservation while incoming: opt 0000:03:00.0 in again, status ok" {
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
}

@test "preserve --hold works while the incoming set is not finished, and cancels back to incoming" {
	pcilu_hold
	assert_equal "$(cat "$PCILU_CFS/state")" preserved
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	pcilu_wait_state incoming
	run cat "$PCILU_CFS/incoming"
	assert_line '0000:03:00.0 endpoint saved_bus_master=1 bus_master=1 ok'
}

@test "abandon needs --yes; then it releases the handover with a warning: state idle, no records" {
	run pci-lu abandon
	assert_failure 2
	assert_output --partial 'confirm with --yes'
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	run pci-lu -j abandon --yes
	assert_success
	assert_output --partial '"nr_records":4'
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming")" ""
	dmesg | grep -q 'pci-lu: handover abandoned: 4 of 4 handed-over function(s) released unfinished'
	run pcilu-try write "$PCILU_CFS/abandon" 1
	assert_output ENOENT
	run pci-lu abandon --yes
	assert_failure
	assert_output --partial 'nothing handed over is unfinished'
}

@test "after abandon: pci-stub binds the edu, a reset of its bus works; unbound again" {
	run pcilu-try write /sys/bus/pci/drivers/pci-stub/bind 0000:03:00.0
	assert_output OK
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs 03:00.0)/driver")")" pci-stub
	echo 0000:03:00.0 > /sys/bus/pci/drivers/pci-stub/unbind
	echo > "$(pcilu_sysfs 03:00.0)/driver_override"
	[ ! -e "$(pcilu_sysfs 03:00.0)/driver" ]
	run pcilu-try write "$(pcilu_sysfs 00:04.0)/reset_subordinate" 1
	assert_output OK
}

@test "after abandon: the edu is set up again and does DMA; still opted in, status ok" {
	pcilu_enable_dma 03:00.0
	edu-dma 03:00.0
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
}

@test "the control edu masters again (the witness)" {
	pcilu_enable_dma 04:00.0
}
