#!/usr/bin/env bats
# pci-lu kexec builds the next kernel's command line as kexec(8) does
# (--command-line replaces, --append appends, the default is the running
# kernel's /proc/cmdline without BOOT_IMAGE=) and refuses, before anything
# is preserved, a line the next kernel would not take the handover with
# (no kho=on liveupdate=on) or could not take at all (too long).  Checked
# with --dry-run against the fake tree: everything up to the preserve runs,
# nothing is preserved, loaded or rebooted.

setup() {
	load common
	common_setup
	KERNEL=$BATS_TEST_TMPDIR/bzImage
	fake_bzimage "$KERNEL" 2048
	touch "$ROOT/dev/liveupdate"
	fake_optin "$ROOT" 0000:03:00.0
}

LACKS="the next kernel would ignore the handover and reuse the memory the kept devices write to \\(add it with --append, or --skip-cmdline-check\\)"

dry() {
	pl -j kexec -k "$KERNEL" --dry-run "$@"
}

@test "kexec --dry-run: the default is the running kernel's command line without BOOT_IMAGE=" {
	echo 'BOOT_IMAGE=/boot/vmlinuz-7.2 root=/dev/vda1 ro kho=on liveupdate=on quiet' >"$ROOT/proc/cmdline"
	dry
	assert_success
	assert_json '.cmdline == "root=/dev/vda1 ro kho=on liveupdate=on quiet"'
	assert_json '.dry_run == true and .nr_devices == 1 and .kernel != null'
	# --reuse-cmdline says the same explicitly
	pl -j kexec -k "$KERNEL" --dry-run --reuse-cmdline
	assert_success
	assert_json '.cmdline == "root=/dev/vda1 ro kho=on liveupdate=on quiet"'
}

@test "kexec --dry-run: --append appends to the running command line" {
	dry --append "pcilu_stage=2 foo=\"a b\""
	assert_success
	assert_json '.cmdline == "console=ttyS0 kho=on liveupdate=on pcilu_stage=2 foo=\"a b\""'
	dry -a x
	assert_json '.cmdline == "console=ttyS0 kho=on liveupdate=on x"'
}

@test "kexec --dry-run: --command-line replaces it, --append then appends" {
	dry --command-line "kho=on liveupdate=on root=/dev/sda"
	assert_success
	assert_json '.cmdline == "kho=on liveupdate=on root=/dev/sda"'
	dry --command-line "BOOT_IMAGE=/x kho=1 liveupdate=y" -a "quiet"
	assert_success
	assert_json '.cmdline == "BOOT_IMAGE=/x kho=1 liveupdate=y quiet"'
}

@test "kexec --dry-run: text output says what would happen" {
	pl kexec -k "$KERNEL" --dry-run -a quiet
	assert_success
	assert_line --index 0 "would preserve 1 device in LUO session pci-lu, load $KERNEL and reboot into it"
	assert_line --index 1 "command line: console=ttyS0 kho=on liveupdate=on quiet"
}

@test "kexec: a next command line without kho=on liveupdate=on is refused (exit 2), nothing preserved" {
	pl kexec -k "$KERNEL" --command-line "console=ttyS0"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line lacks kho=on liveupdate=on: $LACKS$"
	pl kexec -k "$KERNEL" --command-line "console=ttyS0 liveupdate=on"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line lacks kho=on: "
	pl kexec -k "$KERNEL" --command-line "kho=on"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line lacks liveupdate=on: "
	echo "console=ttyS0" >"$ROOT/proc/cmdline"
	pl kexec -k "$KERNEL"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line lacks kho=on liveupdate=on: "
	# (exit 2 before LUO: going on, the fake /dev/liveupdate would have
	# failed the session's creation with ENOTTY, exit 1)
}

@test "kexec: the next kernel's reading of the parameters counts (last one, before --, kstrtobool)" {
	for line in "kho=off liveupdate=on" "kho=on liveupdate=on kho=0" "kho=x liveupdate=on" \
		"liveupdate=on -- kho=on" "kho liveupdate=on" "xkho=on liveupdate=on" "kho=n liveupdate=1" \
		"kho=of liveupdate=on"; do
		pl kexec -k "$KERNEL" --dry-run --command-line "$line"
		assert_failure 2
		assert_error_line "^pci-lu: kexec: the next command line lacks kho=on"
	done
	for line in "kho=1 liveupdate=y" "kho=off kho=On liveupdate=true" "kho=\"on\" liveupdate=Y -- x" \
		"kho=on kho=x liveupdate=onx"; do
		pl kexec -k "$KERNEL" --dry-run --command-line "$line"
		assert_success
	done
}

@test "kexec --skip-cmdline-check: loads a command line without kho=on liveupdate=on all the same; --force is refused, naming the two options" {
	pl -j kexec -k "$KERNEL" --dry-run --skip-cmdline-check --command-line "console=ttyS0"
	assert_success
	assert_json '.cmdline == "console=ttyS0"'
	# it skips only that: an image of unknown format still stops the run
	printf 'not a kernel' > "$KERNEL"
	pl kexec -k "$KERNEL" --dry-run --skip-cmdline-check --command-line "console=ttyS0"
	assert_failure 7
	pl kexec -k "$KERNEL" --dry-run --force
	assert_failure 2
	assert_error_line "^pci-lu: kexec: --force was split: --skip-image-check skips the kernel image's check, --skip-cmdline-check that of the next command line$"
}

@test "kexec: a command line longer than the kernel image takes is refused (exit 2)" {
	fake_bzimage "$KERNEL" 64
	pl kexec -k "$KERNEL" --dry-run --command-line "kho=on liveupdate=on $(printf 'x%.0s' $(seq 42))"
	assert_success
	pl kexec -k "$KERNEL" --dry-run --command-line "kho=on liveupdate=on $(printf 'x%.0s' $(seq 43))"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line is 64 bytes; $KERNEL takes at most 63$"
	# beyond what pci-lu builds at all
	pl kexec -k "$KERNEL" --dry-run -a "$(head -c 5000 /dev/zero | tr '\0' x)"
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line is longer than 4095 bytes$"
}

@test "kexec --dry-run: an empty or blocked set, or no LUO, fails as the real run would" {
	rmdir "$CFS/devices/0000:03:00.0" 2>/dev/null || rm -rf "$CFS/devices/0000:03:00.0"
	pl kexec -k "$KERNEL" --dry-run
	assert_failure 4
	assert_error_line "^pci-lu: kexec: preserve: no device is opted in$"
	fake_optin "$ROOT" 0000:03:00.0 "blocked: power: 0000:02:00.0 slot is powered off"
	pl kexec -k "$KERNEL" --dry-run
	assert_failure 4
	assert_error_line "^pci-lu: kexec: preserve refused: 0000:03:00.0: blocked: power: 0000:02:00.0 slot is powered off$"
	# a kernel without reason codes: its status as it is
	echo "blocked: 0000:02:00.0 slot is powered off" \
		>"$CFS/devices/0000:03:00.0/status"
	pl kexec -k "$KERNEL" --dry-run
	assert_failure 4
	assert_error_line "^pci-lu: kexec: preserve refused: 0000:03:00.0: blocked: 0000:02:00.0 slot is powered off$"
	rm "$ROOT/dev/liveupdate"
	pl kexec -k "$KERNEL" --dry-run
	assert_failure 3
	assert_error_line "^pci-lu: kexec: $ROOT/dev/liveupdate: no such device node"
}

@test "kexec: an image that does not read this kernel's handover format is refused (exit 6), nothing preserved" {
	fake_bzimage "$KERNEL" 2048 none
	pl kexec -k "$KERNEL"
	assert_failure 6
	assert_error_line "^pci-lu: kexec: $KERNEL: incompatible: pci-lu: this kernel writes pci-lu-format-3, the image reads no pci-lu format: a live update into it would leave every LUO session unreachable \(--skip-image-check to kexec anyway\)$"
	pl kexec -k "$KERNEL" --dry-run
	assert_failure 6
	# --skip-image-check skips the image check: the dry run goes through
	pl -j kexec -k "$KERNEL" --dry-run --skip-image-check
	assert_success
	assert_json '.dry_run == true'
	# but not the command line's
	pl kexec -k "$KERNEL" --dry-run --skip-image-check --command-line console=ttyS0
	assert_failure 2
	assert_error_line "^pci-lu: kexec: the next command line lacks kho=on"
	# an image that reads it passes
	fake_bzimage "$KERNEL" 2048 pci-lu-format-3
	pl -j kexec -k "$KERNEL" --dry-run
	assert_success
}
