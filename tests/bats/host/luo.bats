#!/usr/bin/env bats
# check, kexec, preserve --hold, finish: everything before and around the
# ioctls. A fake /dev has no pci-lu or LUO driver behind it, so an ioctl on
# a fake node fails with ENOTTY; the successful flow is in the VM tier.

setup() {
	load common
	common_setup
	KERNEL=$BATS_TEST_TMPDIR/bzImage
	INITRD=$BATS_TEST_TMPDIR/initrd
	fake_bzimage "$KERNEL" 2048
	echo initrd >"$INITRD"
}

ENOTTY_REASON="ioctl not supported \(not the expected device, or kernel and tool versions differ\)"
NO_LUO="no such device node: the kernel lacks the Live Update Orchestrator, or was not booted with kho=on liveupdate=on"

# ---- check ----

@test "check: no /dev/pci-lu (exit 3, not available)" {
	pl check 03:00.0
	assert_failure 3
	assert_error_line "^pci-lu: check: open $ROOT/dev/pci-lu: no such device node: the kernel lacks pci-lu, or devtmpfs is not mounted on /dev$"
	assert_output ""
}

@test "check: every device is reported, the first failure's exit code" {
	touch "$ROOT/dev/pci-lu"
	pl check 03:00.0 4:0.0
	assert_failure 3
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" \
		"pci-lu: check 0000:03:00.0: ${ENOTTY_REASON//\\/}"
	assert_equal "${stderr_lines[1]}" \
		"pci-lu: check 0000:04:00.0: ${ENOTTY_REASON//\\/}"
	assert_output ""
}

@test "check -j: results with the error object (reason, errno, exit)" {
	touch "$ROOT/dev/pci-lu"
	pl -j check 03:00.0 04:00.0
	assert_failure 3
	assert_json '.results | length == 2'
	assert_json '.results[0] | .bdf == "0000:03:00.0" and .ok == false
		and .error.errno == "ENOTTY" and .status == null
		and .error.exit == 3 and .error.what == "check 0000:03:00.0"
		and (.error.reason | startswith("ioctl not supported"))'
	assert_json '.error == .results[0].error'
}

@test "check without BDF: every opted-in device, or none" {
	pl check
	assert_success
	assert_output "no device is opted in"
	pl -j check
	assert_success
	assert_json '.results == []'
	fake_optin "$ROOT" 0000:04:00.0
	fake_optin "$ROOT" 0000:03:00.0
	touch "$ROOT/dev/pci-lu"
	pl -j check
	assert_failure 3
	assert_json '[.results[].bdf] == ["0000:03:00.0", "0000:04:00.0"]'
}

@test "check: a bad BDF is a usage error before opening /dev/pci-lu" {
	pl check 03:00.0 zz
	assert_failure 2
	assert_error_line "invalid BDF 'zz'"
}

# ---- kexec ----

@test "kexec: -k is required (exit 2)" {
	pl kexec
	assert_failure 2
	assert_error_line "^pci-lu: kexec: missing -k KERNEL$"
}

@test "kexec: --command-line and --reuse-cmdline exclude each other (exit 2)" {
	pl kexec -k "$KERNEL" --command-line "x" --reuse-cmdline
	assert_failure 2
	assert_error_line "^pci-lu: kexec: --command-line and --reuse-cmdline exclude each other$"
}

@test "kexec: no precheck of its own: an empty or a blocked set still goes on to LUO" {
	# no precheck of its own: pci-lu goes on to LUO (absent here: exit 3)
	pl kexec -k "$KERNEL"
	assert_failure 3
	assert_error_line "^pci-lu: kexec: open $ROOT/dev/liveupdate: "
	fake_optin "$ROOT" 0000:03:00.0 "blocked: power: 0000:02:00.0 slot is powered off"
	pl kexec -k "$KERNEL"
	assert_failure 3
	assert_error_line "^pci-lu: kexec: open $ROOT/dev/liveupdate: "
}

@test "kexec: missing kernel or initrd (exit 1)" {
	fake_optin "$ROOT" 0000:03:00.0
	pl kexec -k "$KERNEL.nope"
	assert_failure 1
	assert_error_line "^pci-lu: kexec: $KERNEL.nope: No such file or directory$"
	pl kexec -k "$KERNEL" -i "$INITRD.nope"
	assert_failure 1
	assert_error_line "^pci-lu: kexec: $INITRD.nope: No such file or directory$"
}

@test "kexec: KERNEL is not taken below --root" {
	fake_optin "$ROOT" 0000:03:00.0
	pl kexec -k bzImage
	assert_failure 1
	assert_error_line "^pci-lu: kexec: bzImage: No such file or directory$"
}

@test "kexec --reuse-cmdline: /proc/cmdline is taken below --root" {
	fake_optin "$ROOT" 0000:03:00.0
	rm "$ROOT/proc/cmdline"
	pl kexec -k "$KERNEL" --reuse-cmdline
	assert_failure 1
	assert_error_line "^pci-lu: kexec: $ROOT/proc/cmdline: No such file or directory$"
}

@test "kexec: no /dev/liveupdate (exit 3)" {
	fake_optin "$ROOT" 0000:03:00.0
	pl kexec -k "$KERNEL" -i "$INITRD" -a "console=ttyS0"
	assert_failure 3
	assert_error_line "^pci-lu: kexec: open $ROOT/dev/liveupdate: $NO_LUO$"
	assert_output ""
}

@test "kexec: /dev/liveupdate that is not LUO: session creation fails" {
	fake_optin "$ROOT" 0000:03:00.0
	touch "$ROOT/dev/liveupdate"
	pl kexec -k "$KERNEL" --reuse-cmdline
	assert_failure 3
	assert_error_line "^pci-lu: kexec: create LUO session pci-lu: $ENOTTY_REASON$"
}

# ---- preserve --hold ----

@test "preserve: one of --hold, --send-to, --fdstore is required (exit 2)" {
	local why="one of --hold, --send-to SOCKET or --fdstore is required \(the session ends when its last holder exits\)"
	pl preserve
	assert_failure 2
	assert_error_line "^pci-lu: preserve: $why$"
	pl preserve --hold --send-to "$BATS_TEST_TMPDIR/s"
	assert_failure 2
	assert_error_line "^pci-lu: preserve: $why$"
	NOTIFY_SOCKET=/x pl preserve --hold --fdstore
	assert_failure 2
	assert_error_line "^pci-lu: preserve: $why$"
}

@test "preserve --fdstore: no \$NOTIFY_SOCKET is a usage error before anything is preserved" {
	fake_optin "$ROOT" 0000:03:00.0
	touch "$ROOT/dev/liveupdate"
	env -u NOTIFY_SOCKET "$PCI_LU" preserve --fdstore 2>"$BATS_TEST_TMPDIR/err" || status=$?
	assert_equal "$status" 2
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" \
		"pci-lu: preserve: --fdstore: \$NOTIFY_SOCKET is not set (not started by a service manager)"
}

@test "preserve --hold: no precheck of its own: an empty or a blocked set still goes on to LUO" {
	pl preserve --hold
	assert_failure 3
	assert_error_line "^pci-lu: preserve: open $ROOT/dev/liveupdate: "
	fake_optin "$ROOT" 0000:03:00.0 "blocked: link: 0000:01:00.0 is disconnected"
	pl preserve --hold
	assert_failure 3
	assert_error_line "^pci-lu: preserve: open $ROOT/dev/liveupdate: "
}

@test "preserve --hold: no /dev/liveupdate, or not LUO (exit 3)" {
	fake_optin "$ROOT" 0000:03:00.0
	pl -j preserve --hold
	assert_failure 3
	assert_error_line "^pci-lu: preserve: open $ROOT/dev/liveupdate: $NO_LUO$"
	assert_json '.command == "preserve" and .error.errno == "ENOENT" and
		.error.message == "'"$stderr"'"'
	touch "$ROOT/dev/liveupdate"
	pl preserve --hold
	assert_failure 3
	assert_error_line "^pci-lu: preserve: create LUO session pci-lu: $ENOTTY_REASON$"
}

# ---- finish ----

@test "finish: no /dev/liveupdate (exit 3)" {
	pl finish
	assert_failure 3
	assert_error_line "^pci-lu: finish: open $ROOT/dev/liveupdate: $NO_LUO$"
}

@test "finish: /dev/liveupdate that is not LUO: retrieve fails (exit 3)" {
	touch "$ROOT/dev/liveupdate"
	pl -j finish
	assert_failure 3
	assert_error_line "^pci-lu: finish: retrieve LUO session pci-lu: $ENOTTY_REASON$"
	assert_json '.error.what == "finish: retrieve LUO session pci-lu"'
	pl -j finish --strict
	assert_failure 3
}

@test "finish and check do not need configfs: without it they still reach their device nodes" {
	rm -rf "$CFS"
	pl finish
	assert_error_line "finish: open $ROOT/dev/liveupdate"
	pl check 03:00.0
	assert_error_line "check: open $ROOT/dev/pci-lu"
}
