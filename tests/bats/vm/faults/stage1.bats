#!/usr/bin/env bats
# faults (shared-bridges topology: 0000:03:00.0 behind 0000:02:00.0 and
# 0000:04:00.0 behind 0000:02:01.0, both under 0000:01:00.0/0000:00:04.0):
#   - a BRIDGE on a preserved path hot-removed between preserve and freeze:
#     the kexec is refused naming the bridge, this kernel keeps running
#     clean (blocked-freeze covers the endpoint itself);
#   - `pci-lu kexec` into an image whose check is unknown (a non-kernel
#     file, a bzImage cut short: exit 7) or incompatible (an ELF that is not
#     a kernel: exit 6), stopped before the preserve; with the image check
#     skipped, kexec_file_load fails after the preserve (exit 4), session
#     cancelled, state idle, no image loaded; a missing kernel: exit 1;
#   - the next kernel loaded with kexec_load (no KHO data): the freeze
#     refuses it (kexec-image) and the orchestrator's session, a memfd
#     and /dev/pci-lu, goes on in this kernel;
#   - non-root access to configfs and /dev/pci-lu: EACCES (file mode),
#     EPERM (CAP_SYS_ADMIN, with the mode opened up).
# SIGKILL of the session holder: tests/bats/vm/cancel ("SIGKILL to the
# holder cancels too") and the concurrency scenario's cycler (every 4th
# cancel is a SIGKILL).

load ../lib/common
load ../lib/pcilu

setup() {
	pcilu_load
}

@test "fault: bridge 0000:02:01.0 on a preserved path removed before the freeze -> kexec refused naming it" {
	mkdir $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	pcilu_set_bm 03:00.0 1
	assert_equal "$(pcilu_users 0000:02:01.0)" 1
	pcilu_hold
	echo 1 > "$(pcilu_sysfs 02:01.0)/remove"
	[ ! -e "$(pcilu_sysfs 04:00.0)" ]
	assert_equal "$(cat $PCILU_DEV/0000:04:00.0/status)" "blocked: removed: 0000:02:01.0 removed"
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	grep -q '^0000:02:01.0 bridge users=1 removed$' $PCILU_DBG/nodes
	kexec -s -l /boot/bzImage --append="$(cat /proc/cmdline)"
	run kexec -e
	assert_failure
	dmesg | grep -q 'pci-lu: freeze refused: 0000:04:00.0: blocked: removed: 0000:02:01.0 removed'
}

@test "after the refused bridge kexec: still this kernel, preserved again, the other device untouched" {
	assert_equal "$PCILU_STAGE" 1
	assert_equal "$(cat $PCILU_CFS/state)" preserved
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/bus_master)" 1
}

@test "after the refused bridge kexec: cancel, rmdir both, nodes empty, image unloaded" {
	kill -TERM "$(pidof pci-lu)"
	pcilu_wait_state idle
	rmdir $PCILU_DEV/0000:04:00.0 $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DBG/nodes)" ''
	kexec -s -u
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
}

@test "fault: the next kernel loaded with kexec_load (no KHO data) -> freeze refused (kexec-image), still this kernel, the session's memfd intact, idle again" {
	pcilu_enable_dma 03:00.0
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	# kexec-tools' kexec_load (-c), which hands over no KHO data
	kexec -c -l /boot/bzImage --append="$(cat /proc/cmdline)"
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 1
	# the agent's session holds a memfd and /dev/pci-lu; reboot() returns
	run --separate-stderr pci-lu-agent update -L 0000:03:00.0
	assert_failure 1
	assert_line "pci-lu-agent: after the refused reboot: session pci-lu-agent, memfd intact (header and 1 source page(s))"
	# the DMA it left pending lands in the memfd before the session (and
	# with it the memfd's pages) goes: not in pages freed under it
	assert_line "pci-lu-agent: after the refused reboot: the 1 pending DMA(s) finished into the memfd"
	[[ "$stderr" == *"pci-lu-agent: reboot: Exec format error"* ]]
	dmesg | grep -q 'pci-lu: freeze refused: kexec-image: the loaded kernel was loaded with kexec_load, which hands over no KHO data'
	assert_equal "$PCILU_STAGE" 1
	# the agent's exit closed its session: the set is as before the preserve
	pcilu_wait_state idle
	assert_equal "$(pcilu_bm 03:00.0)" 1
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	kexec -c -u
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
	rmdir $PCILU_DEV/0000:03:00.0
}

# pci-lu kexec that fails; $1 the kernel, $2 1 if the preserve happens
# before the failure, $3 the exit status ("" any failure), then extra
# options (--skip-image-check: past the image-check preflight, to
# kexec_file_load)
kexec_fails() {
	local k=$1 n=$2 rc=$3 pre can
	shift 3
	pre=$(pcilu_klog_count 'pci-lu: preserved ')
	can=$(pcilu_klog_count 'pci-lu: preservation cancelled')
	run pci-lu kexec "$@" -k "$k" --command-line "$(cat /proc/cmdline)"
	if [ -n "$rc" ]; then assert_failure "$rc"; else assert_failure; fi
	assert_output --partial 'pci-lu: kexec: '
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
	assert_equal "$(( $(pcilu_klog_count 'pci-lu: preserved ') - pre ))" "$n"
	assert_equal "$(( $(pcilu_klog_count 'pci-lu: preservation cancelled') - can ))" "$n"
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}

@test "fault: pci-lu kexec -k /nonexistent -> exit 1 before any preserve, state idle, nothing loaded" {
	mkdir -p $PCILU_DEV/0000:03:00.0
	kexec_fails /nonexistent 0 1
}

@test "fault: pci-lu kexec -k <text file> -> unknown (exit 7) before any preserve; image check skipped: load fails after the preserve (exit 4), cancelled" {
	mkdir -p $PCILU_DEV/0000:03:00.0
	echo 'not a kernel' > /tmp/not-a-kernel
	kexec_fails /tmp/not-a-kernel 0 7
	assert_output --partial 'unknown: neither a bzImage, a unified kernel image nor an ELF vmlinux'
	assert_output --partial '(--skip-image-check to kexec anyway)'
	kexec_fails /tmp/not-a-kernel 1 4 --skip-image-check
}

@test "fault: skipping the image check does not skip the command line's: no kho=on, refused (exit 2) before any preserve" {
	mkdir -p $PCILU_DEV/0000:03:00.0
	pre=$(pcilu_klog_count 'pci-lu: preserved ')
	run pci-lu kexec --skip-image-check -k /tmp/not-a-kernel --command-line console=ttyS0
	assert_failure 2
	assert_output --partial 'the next command line lacks kho=on'
	assert_output --partial '--skip-cmdline-check'
	assert_equal "$(pcilu_klog_count 'pci-lu: preserved ')" "$pre"
	run pci-lu kexec --force -k /boot/bzImage
	assert_failure 2
	assert_output --partial 'pci-lu: kexec: --force was split'
}

@test "fault: pci-lu kexec -k <an ELF that is not a kernel> (incompatible) and <a bzImage cut to 1000 bytes> (unknown) -> the same" {
	mkdir -p $PCILU_DEV/0000:03:00.0
	kexec_fails /bin/busybox 0 6
	kexec_fails /bin/busybox 1 4 --skip-image-check
	# (cut to 1000 bytes: "too short"; stock kexec_file_load accepts a bzImage
	# cut after its setup header and boots into it, so that is no load fault)
	head -c 1000 /boot/bzImage > /tmp/short-bzImage
	kexec_fails /tmp/short-bzImage 0 7
	assert_output --partial 'bzImage cut short'
	kexec_fails /tmp/short-bzImage 1 "" --skip-image-check
	# and the set still preserves afterwards
	pcilu_hold
	kill -TERM $PCILU_HOLDER
	wait $PCILU_HOLDER || true
	pcilu_wait_state idle
}

@test "fault: non-root (uid 1000, no capabilities): configfs mkdir/rmdir and writes -> EACCES" {
	mkdir -p $PCILU_DEV/0000:03:00.0
	assert_equal "$(pcilu-try -u 1000 mkdir $PCILU_DEV/0000:04:00.0)" EACCES
	assert_equal "$(pcilu-try -u 1000 rmdir $PCILU_DEV/0000:03:00.0)" EACCES
	assert_equal "$(pcilu-try -u 1000 write $PCILU_DEV/0000:03:00.0/status ok)" EACCES
	assert_equal "$(pcilu-try -u 1000 write $PCILU_CFS/state idle)" EACCES
	# reading is allowed to everyone (0444)
	assert_equal "$(pcilu-try -u 1000 read $PCILU_CFS/state)" OK
	[ -d $PCILU_DEV/0000:03:00.0 ]
	[ ! -e $PCILU_DEV/0000:04:00.0 ]
}

@test "fault: non-root open of /dev/pci-lu -> EACCES (mode 0600), EPERM with the mode opened up (CAP_SYS_ADMIN)" {
	assert_equal "$(stat -c %a /dev/pci-lu)" 600
	assert_equal "$(pcilu-try -u 1000 open /dev/pci-lu)" EACCES
	assert_equal "$(pcilu-try -u 1000 read /dev/pci-lu)" EACCES
	chmod 0666 /dev/pci-lu
	run pcilu-try -u 1000 open /dev/pci-lu
	chmod 0600 /dev/pci-lu
	assert_output EPERM
	assert_equal "$(pcilu-try -u 1000 open /dev/liveupdate)" EACCES
	# root still can
	assert_equal "$(pcilu-try open /dev/pci-lu)" OK
	pcilu_clear
}
