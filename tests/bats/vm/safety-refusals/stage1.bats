#!/usr/bin/env bats
# safety-refusals: the refusals QEMU cannot produce by itself, provoked by
# writing the registers the kernel checks (the checks read the registers,
# not cached flags, so a change behind the kernel's back counts):
#  - ATS enabled: QEMU's ATS capability (virtio ats=on) is only enabled by
#    an IOMMU with device-iotlb; the enable bit is set by a config write.
#    QEMU 7.2 has no device with PRI or PASID capabilities: not testable.
#  - D3hot on a hop: PMCSR written to D3hot.  QEMU's bridges have no PM
#    capability, so the hop is the device itself (virtio has one).
#  - Bus Master Enable off on a bridge while the device masters.
# and the hold while preserved: resets refused, runtime PM pinned.
# The device-state contract (Documentation/PCI/pci-lu.rst, "State of a kept
# function at the jump"), one test per condition QEMU lets us build:
#  - a kernel driver owns the device: the virtio-rng bound to virtio-pci,
#    which has no .shutdown() of its own (the virtio bus resets it);
#  - MSI enabled on the edu (Message Control written);
#  - system sleep while preserved.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

# offset of extended capability ID $2 of BDF $1 (decimal), or fail
ext_cap() {
	local cfg off=256 hdr i
	cfg=$(pcilu_sysfs "$1")/config
	for i in $(seq 48); do
		hdr=$(od -An -tx4 -j"$off" -N4 "$cfg" | tr -d ' ')
		[ -n "$hdr" ] && [ "$hdr" != 00000000 ] && [ "$hdr" != ffffffff ] || break
		if [ $((0x$hdr & 0xffff)) = "$2" ]; then echo "$off"; return 0; fi
		off=$(( (0x$hdr >> 20) & 0xffc ))
		[ "$off" -ge 256 ] || break
	done
	return 1
}

# offset of (classic) capability ID $2 of BDF $1 (decimal), or fail
cap() {
	local cfg off hdr i
	cfg=$(pcilu_sysfs "$1")/config
	off=$(( 0x$(od -An -tx1 -j52 -N1 "$cfg" | tr -d ' ') & 0xfc ))
	for i in $(seq 48); do
		[ "$off" -ge 64 ] || return 1
		hdr=$(od -An -tx2 -j"$off" -N2 "$cfg" | tr -d ' ')
		if [ $((0x$hdr & 0xff)) = "$2" ]; then echo "$off"; return 0; fi
		off=$(( (0x$hdr >> 8) & 0xfc ))
	done
	return 1
}

# 16-bit config read/write at decimal offset $2
cfg_r16() { od -An -tx2 -j"$2" -N2 "$(pcilu_sysfs "$1")/config" | tr -d ' '; }
cfg_w16() {	# cfg_w16 BDF OFFSET VALUE
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x' $(($3 & 0xff)) $(($3 >> 8)))" |
		dd of="$(pcilu_sysfs "$1")/config" bs=1 seek="$2" count=2 conv=notrunc 2>/dev/null
}

status() { cat "$PCILU_DEV/$1/status"; }

# a failed test must not leave a holder behind (it would hang the stage)
teardown() {
	if [ -n "${PCILU_HOLDER:-}" ]; then
		kill "$PCILU_HOLDER" 2>/dev/null || true
		wait "$PCILU_HOLDER" 2>/dev/null || true
	fi
}

@test "a kernel driver owns the device (virtio-rng bound to virtio-pci): blocked: driver, naming it; unbound: ok" {
	pcilu_load
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs 05:00.0)/driver")")" virtio-pci
	mkdir "$PCILU_DEV/0000:05:00.0"
	assert_equal "$(status 0000:05:00.0)" \
		"blocked: driver: 0000:05:00.0 is bound to virtio-pci (driver DMA lands in memory the next kernel reuses: unbind it)"
	run --separate-stderr pci-lu check 05:00.0
	assert_failure 4
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:05:00.0: blocked: driver: 0000:05:00.0 is bound to virtio-pci (driver DMA lands in memory the next kernel reuses: unbind it)"
	echo 0000:05:00.0 > "$(pcilu_sysfs 05:00.0)/driver/unbind"
	[ ! -e "$(pcilu_sysfs 05:00.0)/driver" ]
	assert_equal "$(status 0000:05:00.0)" ok
	rmdir "$PCILU_DEV/0000:05:00.0"
}

@test "while preserved, no driver binds a kept device (virtio-pci's bind: ENODEV); after cancel it binds again" {
	mkdir "$PCILU_DEV/0000:05:00.0"
	assert_equal "$(status 0000:05:00.0)" ok
	pcilu_hold
	run pcilu-try write /sys/bus/pci/drivers/virtio-pci/bind 0000:05:00.0
	assert_output ENODEV
	[ ! -e "$(pcilu_sysfs 05:00.0)/driver" ]
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	PCILU_HOLDER=
	pcilu_wait_state idle
	run pcilu-try write /sys/bus/pci/drivers/virtio-pci/bind 0000:05:00.0
	assert_output OK
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs 05:00.0)/driver")")" virtio-pci
	echo 0000:05:00.0 > "$(pcilu_sysfs 05:00.0)/driver/unbind"
	rmdir "$PCILU_DEV/0000:05:00.0"
}

@test "MSI enabled on the edu (Message Control written): blocked: msi; preserve refused; disabled: ok" {
	local msi ctl
	msi=$(cap 03:00.0 5)			# PCI_CAP_ID_MSI
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(status 0000:03:00.0)" ok
	ctl=$((0x$(cfg_r16 03:00.0 $((msi + 2)))))
	cfg_w16 03:00.0 $((msi + 2)) $((ctl | 1))
	assert_equal "$(status 0000:03:00.0)" \
		"blocked: msi: 0000:03:00.0 has MSI enabled (its messages would reach the next kernel before it set up their vectors)"
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:03:00.0: blocked: msi: 0000:03:00.0 has MSI enabled (its messages would reach the next kernel before it set up their vectors)"
	cfg_w16 03:00.0 $((msi + 2)) $((ctl & ~1))
	assert_equal "$(status 0000:03:00.0)" ok
	rmdir "$PCILU_DEV/0000:03:00.0"
}

@test "ATS enabled on the device: blocked naming ATS; check and preserve refused; cleared: ok" {
	local ats
	ats=$(ext_cap 05:00.0 15)		# PCI_EXT_CAP_ID_ATS
	mkdir "$PCILU_DEV/0000:05:00.0"
	assert_equal "$(status 0000:05:00.0)" ok
	cfg_w16 05:00.0 $((ats + 6)) $(( 0x$(cfg_r16 05:00.0 $((ats + 6))) | 0x8000 ))
	assert_equal "$(status 0000:05:00.0)" \
		"blocked: ats: 0000:05:00.0 has ATS enabled (cached translations would outlive the kexec)"
	run --separate-stderr pci-lu check 05:00.0
	assert_failure 4
	assert_equal "$stderr" "pci-lu: check 0000:05:00.0: blocked: ats: 0000:05:00.0 has ATS enabled (cached translations would outlive the kexec)"
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:05:00.0: blocked: ats: 0000:05:00.0 has ATS enabled (cached translations would outlive the kexec)"
	cfg_w16 05:00.0 $((ats + 6)) $(( 0x$(cfg_r16 05:00.0 $((ats + 6))) & 0x7fff ))
	assert_equal "$(status 0000:05:00.0)" ok
}

@test "D3hot on a hop (the device 05:00.0, PMCSR written): blocked naming it; D0 again: ok" {
	local pm
	pm=$(cap 05:00.0 1)			# PCI_CAP_ID_PM
	cfg_w16 05:00.0 $((pm + 4)) $(( (0x$(cfg_r16 05:00.0 $((pm + 4))) & ~3) | 3 ))
	assert_equal "$(status 0000:05:00.0)" "blocked: power: 0000:05:00.0 is in D3hot, not D0"
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: 0000:05:00.0: blocked: power: 0000:05:00.0 is in D3hot, not D0"
	cfg_w16 05:00.0 $((pm + 4)) $(( 0x$(cfg_r16 05:00.0 $((pm + 4))) & ~3 ))
	assert_equal "$(status 0000:05:00.0)" ok
	rmdir "$PCILU_DEV/0000:05:00.0"
}

@test "Bus Master Enable off on bridge 01:00.0 while 03:00.0 masters: blocked; on again: ok" {
	mkdir "$PCILU_DEV/0000:03:00.0"
	pcilu_enable_dma 03:00.0
	pcilu_set_bm 01:00.0 0
	assert_equal "$(status 0000:03:00.0)" \
		"blocked: bus-master: 0000:01:00.0 has Bus Master Enable off while 0000:03:00.0 masters"
	run --separate-stderr pci-lu check 03:00.0
	assert_failure 4
	pcilu_set_bm 01:00.0 1
	assert_equal "$(status 0000:03:00.0)" ok
	# a device that does not master needs nothing of its bridges
	pcilu_set_bm 03:00.0 0
	pcilu_set_bm 01:00.0 0
	assert_equal "$(status 0000:03:00.0)" ok
	pcilu_set_bm 01:00.0 1
	pcilu_set_bm 03:00.0 1
}

@test "while preserved: runtime PM pinned on the path (power/control on, active), restored at cancel" {
	local b before=()
	echo auto > "$(pcilu_sysfs 02:00.0)/power/control"
	echo on > "$(pcilu_sysfs 01:00.0)/power/control"
	for b in 03:00.0 02:00.0 01:00.0 00:04.0; do
		before+=("$(cat "$(pcilu_sysfs $b)/power/control")")
	done
	pcilu_hold
	for b in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$b $(cat "$(pcilu_sysfs $b)/power/control")" "$b on"
		assert_equal "$b $(cat "$(pcilu_sysfs $b)/power/runtime_status")" "$b active"
	done
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	PCILU_HOLDER=
	pcilu_wait_state idle
	local i=0
	for b in 03:00.0 02:00.0 01:00.0 00:04.0; do
		assert_equal "$b $(cat "$(pcilu_sysfs $b)/power/control")" "$b ${before[$i]}"
		i=$((i + 1))
	done
	assert_equal "${before[1]}" auto
}

@test "while preserved: resets of the device and bus resets below its bridges refused (EBUSY), Bus Master kept" {
	pcilu_hold
	pcilu_assert_path_resets_refused
	edu-dma 03:00.0
	# the control device, outside the set, still resets
	run pcilu-try write "$(pcilu_sysfs 04:00.0)/reset" 1
	assert_output OK
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	PCILU_HOLDER=
	pcilu_wait_state idle
}

@test "after cancel the device resets again" {
	run pcilu-try write "$(pcilu_sysfs 03:00.0)/reset" 1
	assert_output OK
}

@test "while preserved: system sleep refused (EBUSY) with a log line; after cancel it goes through (pm_test)" {
	local st=mem
	grep -qw mem /sys/power/state || st=freeze
	# through the freezer only and back, never a real sleep: without the
	# refusal the write below succeeds instead of failing
	echo freezer > /sys/power/pm_test
	echo 0 > /sys/module/suspend/parameters/pm_test_delay
	pcilu_hold
	run pcilu-try write /sys/power/state $st
	assert_output EBUSY
	dmesg | grep -q 'pci-lu: sleep refused: the set is preserved in a live update session'
	kill "$PCILU_HOLDER"
	wait "$PCILU_HOLDER" || true
	PCILU_HOLDER=
	pcilu_wait_state idle
	run pcilu-try write /sys/power/state $st
	echo none > /sys/power/pm_test
	assert_output OK
}
