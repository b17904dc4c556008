#!/usr/bin/env bats
# Handing a LUO session fd on (tools/pci-lu/handoff.c, through pci-lu-unit:
# the fake tree has no LUO, so the fd handed on here is a plain file's):
# pci-lu preserve --fdstore speaks sd_pid_notify_with_fds(3) + sd_notify_barrier(3)
# to $NOTIFY_SOCKET, --send-to passes the fd over a UNIX stream socket.  The
# receiving ends are stand-ins (notify-standin.py; bookworm's systemd predates
# v261, which keeps LUO session fds across a kexec).  The VM tier's
# chain-inflight scenario does the same with a real session and kexec.

setup() {
	load common
	STANDIN=$BATS_TEST_DIRNAME/notify-standin.py
	SOCK=$BATS_TEST_TMPDIR/notify.sock
	FILE=$BATS_TEST_TMPDIR/session
	echo x >"$FILE"
	INO=$(stat -c %i "$FILE")
}

# start the stand-in; wait for its socket
standin() {
	"$STANDIN" "$@" >"$BATS_TEST_TMPDIR/got" &
	PID=$!
	for _ in $(seq 100); do
		[ -S "$2" ] || grep -q listening "$BATS_TEST_TMPDIR/got" && return 0
		sleep 0.05
	done
	fail "stand-in did not come up"
}

@test "fdstore: FDSTORE=1 and FDNAME with the fd, then BARRIER=1 with a pipe; ok once it is closed" {
	standin notify "$SOCK"
	run env NOTIFY_SOCKET="$SOCK" "$PCI_LU_UNIT" fdstore pci-lu 5000 <"$FILE"
	wait "$PID"
	assert_success
	assert_output ok
	run cat "$BATS_TEST_TMPDIR/got"
	assert_line --index 0 "FDSTORE=1\\nFDNAME=pci-lu\\n fds=1 ino=$INO"
	assert_line --index 1 --regexp '^BARRIER=1\\n fds=1 ino=[0-9]+$'
}

@test "fdstore: a manager that never takes it times out (ETIMEDOUT)" {
	standin notify "$SOCK" hold
	run env NOTIFY_SOCKET="$SOCK" "$PCI_LU_UNIT" fdstore pci-lu 500 <"$FILE"
	wait "$PID"
	assert_failure
	assert_output ETIMEDOUT
}

@test "fdstore: an abstract \$NOTIFY_SOCKET (@name), as systemd sets it" {
	standin notify "@pci-lu-test-$$"
	run env NOTIFY_SOCKET="@pci-lu-test-$$" "$PCI_LU_UNIT" fdstore pci-lu 5000 <"$FILE"
	wait "$PID"
	assert_success
	run cat "$BATS_TEST_TMPDIR/got"
	assert_line --index 1 "FDSTORE=1\\nFDNAME=pci-lu\\n fds=1 ino=$INO"
}

@test "fdstore: nobody listening is ECONNREFUSED (abstract) or ENOENT, no \$NOTIFY_SOCKET ENOTCONN" {
	run env NOTIFY_SOCKET="@pci-lu-test-$$-nonexistent" "$PCI_LU_UNIT" fdstore pci-lu 500 <"$FILE"
	assert_failure
	assert_output ECONNREFUSED
	run env NOTIFY_SOCKET="$SOCK" "$PCI_LU_UNIT" fdstore pci-lu 500 <"$FILE"
	assert_failure
	assert_output ENOENT
	run env -u NOTIFY_SOCKET "$PCI_LU_UNIT" fdstore pci-lu 500 <"$FILE"
	assert_failure
	assert_output ENOTCONN
}

@test "send-to: the text and the fd over a UNIX stream socket" {
	standin stream "$SOCK"
	run "$PCI_LU_UNIT" send-to "$SOCK" "LUO-SESSION pci-lu 0x70636c75
" <"$FILE"
	wait "$PID"
	assert_success
	assert_output ok
	run cat "$BATS_TEST_TMPDIR/got"
	assert_output "LUO-SESSION pci-lu 0x70636c75\\n fds=1 ino=$INO"
	run "$PCI_LU_UNIT" send-to "$SOCK.none" x <"$FILE"
	assert_failure
	assert_output ENOENT
}
