#!/usr/bin/env bats
# nvme-driver, stage 1: an NVMe bound to nvme cannot be kept (nvme's
# .shutdown() disables the device, clearing Bus Master Enable, before
# pci-lu's hook runs); unbound, it can.  It is also an SR-IOV physical
# function: with VFs enabled it is blocked (the VFs would not be kept), and
# a VF cannot be opted in.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

NVME=0000:05:00.0
REASON="blocked: driver: 0000:05:00.0 is bound to nvme (driver DMA lands in memory the next kernel reuses: unbind it)"

# a failed SR-IOV test must not leave VFs behind for the next ones
teardown() {
	local n
	n=$(pcilu_sysfs $NVME)/sriov_numvfs
	[ "$(cat "$n")" = 0 ] || echo 0 > "$n"
}

@test "the NVMe 0000:05:00.0 is bound to nvme and masters" {
	assert_equal "$(basename "$(readlink "$(pcilu_sysfs $NVME)/driver")")" nvme
	assert_equal "$(pcilu_bm $NVME)" 1
}

@test "opted in while bound: status blocked, naming nvme" {
	pcilu_load
	mkdir "$PCILU_DEV/$NVME"
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" "$REASON"
}

@test "SR-IOV on (2 VFs): the PF is blocked naming its VFs, preserve refused; off again: blocked by nvme only" {
	local sys
	sys=$(pcilu_sysfs $NVME)
	# no VF driver probing: QEMU's secondary controllers are offline
	echo 0 > "$sys/sriov_drivers_autoprobe"
	echo 2 > "$sys/sriov_numvfs"
	assert_equal "$(cat "$sys/sriov_numvfs")" 2
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" \
		"blocked: sriov: $NVME has SR-IOV enabled with 2 virtual function(s)"
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: $NVME: blocked: sriov: $NVME has SR-IOV enabled with 2 virtual function(s)"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	echo 0 > "$sys/sriov_numvfs"
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" "$REASON"
}

@test "a VF cannot be opted in: EOPNOTSUPP, one log line naming it" {
	local sys vf
	sys=$(pcilu_sysfs $NVME)
	echo 1 > "$sys/sriov_numvfs"
	vf=$(basename "$(readlink "$sys/virtfn0")")
	assert_equal "$vf" 0000:05:00.1
	run pcilu-try -k mkdir "$PCILU_DEV/$vf"
	assert_output "EOPNOTSUPP log=1"
	[ ! -e "$PCILU_DEV/$vf" ]
	run --separate-stderr pci-lu add "${vf#0000:}"
	assert_failure 4
	assert_equal "$stderr" "pci-lu: add $vf: is a bridge or a virtual function (bridges are preserved implicitly)"
	echo 0 > "$sys/sriov_numvfs"
}

# Lock order (lockdep does not see device locks): a status read or a
# check of the PF takes pci_lu.lock, then the PF's device lock; writing
# sriov_numvfs holds the PF's device lock while each VF is removed, whose
# removal notification must not take pci_lu.lock.  Both loops run for a
# minute; a deadlock leaves them in D state and fails the bound below
# (they close bats' fd 3, so that the test can report while they hang).
@test "VFs enabled and disabled racing status and check of the PF for a minute: no deadlock" {
	local sys writer reader tight i rounds
	sys=$(pcilu_sysfs $NVME)
	echo 0 > "$sys/sriov_drivers_autoprobe"
	rm -f /tmp/vf-rounds /tmp/status-rounds /tmp/status-reads
	(
		n=0 end=$((SECONDS + 60))
		while [ $SECONDS -lt $end ]; do
			echo 1 > "$sys/sriov_numvfs" && echo 0 > "$sys/sriov_numvfs"
			n=$((n + 1))
		done
		echo $n > /tmp/vf-rounds
	) 3>&- &
	writer=$!
	# status reads in a tight loop (the reader is almost always inside
	# pci_lu.lock, so it is there when the writer's VF removal comes),
	# and the check ioctl of the CLI beside it
	pcilu-try -n 100000000 -t 60 read "$PCILU_DEV/$NVME/status" > /tmp/status-reads 3>&- &
	tight=$!
	(
		n=0 end=$((SECONDS + 60))
		while [ $SECONDS -lt $end ]; do
			# blocked (exit 4): the PF is bound to nvme
			pci-lu check $NVME > /dev/null 2>&1 || true
			n=$((n + 1))
		done
		echo $n > /tmp/status-rounds
	) 3>&- &
	reader=$!
	# a minute, then 60 s more at most for the last round of each
	for i in $(seq 600); do
		kill -0 $writer 2>/dev/null || kill -0 $reader 2>/dev/null ||
			kill -0 $tight 2>/dev/null || break
		sleep 0.2
	done
	[ -s /tmp/vf-rounds ] || fail "the sriov_numvfs writer did not finish (deadlock)"
	[ -s /tmp/status-rounds ] || fail "the check loop did not finish (deadlock)"
	[ -s /tmp/status-reads ] || fail "the status reader did not finish (deadlock)"
	rounds="$(cat /tmp/vf-rounds) VF on/off, status reads: $(cat /tmp/status-reads), $(cat /tmp/status-rounds) checks"
	echo "# figures: $rounds" >&3
	[ "$(cat /tmp/vf-rounds)" -gt 0 ] && [ "$(cat /tmp/status-rounds)" -gt 0 ]
	assert_equal "$(cat "$sys/sriov_numvfs")" 0
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" "$REASON"
}

@test "preserve is refused with that reason (ENOLINK, exit 4)" {
	run --separate-stderr timeout 60 pci-lu preserve --hold
	assert_failure 4
	assert_equal "$stderr" "pci-lu: preserve: preserve refused: $NVME: $REASON"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
}

@test "unbound (nvme's remove clears Bus Master Enable; set it again): status ok" {
	echo "$NVME" > /sys/bus/pci/drivers/nvme/unbind
	[ ! -e "$(pcilu_sysfs $NVME)/driver" ]
	pcilu_set_bm $NVME 1
	assert_equal "$(cat "$PCILU_DEV/$NVME/status")" ok
	run pci-lu check 05:00.0
	assert_success
}

@test "the bridge of its path masters" {
	assert_equal "$(pcilu_bm 00:06.0)" 1
}
