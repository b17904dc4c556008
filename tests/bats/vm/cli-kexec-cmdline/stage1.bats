#!/usr/bin/env bats
# cli-kexec-cmdline, stage 1: pci-lu kexec's command line checks in a real
# guest; the kexec hook then runs `pci-lu kexec --append pcilu_stage=2`
# with no other command-line option: the next kernel must boot with this
# kernel's parameters and the appended one.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/pcilu

@test "0000:03:00.0 opted in; this kernel's command line kept for stage 2" {
	pcilu_load
	run pci-lu add 03:00.0
	assert_success
	mkdir -p /var/pcilu
	cat /proc/cmdline >/var/pcilu/cmdline-stage1
}

@test "a next command line without kho=on liveupdate=on is refused: exit 2, nothing preserved or loaded" {
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" --command-line "console=ttyS0"
	assert_failure 2
	assert_equal "$stderr" "pci-lu: kexec: the next command line lacks kho=on liveupdate=on: the next kernel would ignore the handover and reuse the memory the kept devices write to (add it with --append, or --skip-cmdline-check)"
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
}

@test "a command line longer than the bzImage takes (cmdline_size 2047, with its NUL) is refused: exit 2" {
	run --separate-stderr pci-lu kexec -k "$PCILU_KERNEL" -a "x=$(head -c 2100 /dev/zero | tr '\0' y)"
	assert_failure 2
	assert_output ''
	[[ "$stderr" =~ ^pci-lu:\ kexec:\ the\ next\ command\ line\ is\ [0-9]+\ bytes\;\ /boot/bzImage\ takes\ at\ most\ 2046$ ]]
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
}

@test "--dry-run: this kernel's parameters plus the appended one, nothing preserved or loaded" {
	run pci-lu kexec -k "$PCILU_KERNEL" --append pcilu_stage=2 --dry-run
	assert_success
	assert_line --index 0 "would preserve 1 device and 3 bridges in LUO session pci-lu, load $PCILU_KERNEL and reboot into it"
	assert_line --index 1 "command line: $(cat /proc/cmdline) pcilu_stage=2"
	assert_equal "$(cat $PCILU_CFS/state)" idle
	assert_equal "$(cat /sys/kernel/kexec_loaded)" 0
}
