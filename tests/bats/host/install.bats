#!/usr/bin/env bats
# make install into a temporary DESTDIR: the files, the systemd unit
# (systemd-analyze verify), the example configuration, bash completion.

setup() {
	load common
	common_setup
	DEST=$BATS_TEST_TMPDIR/dest
	BUILD_DIR=$(dirname "$PCI_LU")
}

install_into() {
	run make -s -C "$TOP/tools/pci-lu" O="$BUILD_DIR" install \
		DESTDIR="$DEST" "$@"
	assert_success
}

@test "make install DESTDIR PREFIX=/usr lays out binary, man page, completion, unit, example" {
	install_into PREFIX=/usr
	run bash -c "cd '$DEST' && find . -type f -printf '%m %p\n' | sort -k2"
	assert_output "$(cat <<-OUT
	644 ./usr/lib/systemd/system/pci-lu.service
	755 ./usr/sbin/pci-lu
	644 ./usr/share/bash-completion/completions/pci-lu
	644 ./usr/share/doc/pci-lu/pci-lu.conf.example
	644 ./usr/share/man/man8/pci-lu.8
	OUT
	)"
	cmp "$DEST/usr/sbin/pci-lu" "$PCI_LU"
	run "$DEST/usr/sbin/pci-lu" -V
	assert_success
	grep -qx 'ExecStart=/usr/sbin/pci-lu apply /etc/pci-lu.conf' \
		"$DEST/usr/lib/systemd/system/pci-lu.service"
}

@test "make install: the default PREFIX is /usr/local; the unit names that binary" {
	install_into
	[ -x "$DEST/usr/local/sbin/pci-lu" ]
	[ -f "$DEST/usr/local/share/man/man8/pci-lu.8" ]
	grep -qx 'ExecStart=/usr/local/sbin/pci-lu apply /etc/pci-lu.conf' \
		"$DEST/usr/local/lib/systemd/system/pci-lu.service"
}

@test "systemd-analyze verify accepts the installed unit (and refuses a broken one)" {
	command -v systemd-analyze >/dev/null || fail "no systemd-analyze (scripts/deps.sh: systemd)"
	install_into PREFIX=/usr
	unit=$DEST/usr/lib/systemd/system/pci-lu.service
	run env MANPATH="$DEST/usr/share/man" systemd-analyze verify \
		--root="$DEST" "$unit"
	assert_success
	assert_output ""
	# the check has teeth: a unit naming a binary that is not there fails
	sed -i 's|/usr/sbin/pci-lu |/usr/sbin/pci-lu-nope |' "$unit"
	run env MANPATH="$DEST/usr/share/man" systemd-analyze verify \
		--root="$DEST" "$unit"
	assert_failure
	assert_output --partial "pci-lu-nope is not executable"
}

@test "the installed example configuration is valid for apply (all commented)" {
	install_into PREFIX=/usr
	pl -j apply "$DEST/usr/share/doc/pci-lu/pci-lu.conf.example"
	assert_success
	assert_json '.results == [] and .changed == false'
	sed 's/^#\([0-9]\)/\1/' "$DEST/usr/share/doc/pci-lu/pci-lu.conf.example" \
		>"$BATS_TEST_TMPDIR/conf"
	pl -j apply "$BATS_TEST_TMPDIR/conf"
	assert_success
	assert_json '[.results[].bdf] == ["0000:03:00.0", "10000:e1:00.0"]'
}

# ---- bash completion ----

# complete the command line $1 (cursor at its end); COMPREPLY one per line
complete_line() {
	# shellcheck source=tools/pci-lu/pci-lu.bash-completion
	source "$TOP/tools/pci-lu/pci-lu.bash-completion"
	COMP_LINE=$1
	COMP_POINT=${#1}
	COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
	_pci_lu
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "completion: commands, options" {
	run complete_line "pci-lu "
	assert_output "$(printf '%s\n' add remove list status check apply \
		kexec preserve incoming finish abandon image-check help)"
	run complete_line "pci-lu ap"
	assert_output "apply"
	run complete_line "pci-lu -j st"
	assert_output "status"
	run complete_line "pci-lu finish --s"
	assert_output "--strict"
	run complete_line "pci-lu help ke"
	assert_output "kexec"
}

@test "completion: every command and every option of every --help is offered" {
	local c o cmds
	cmds=$("$PCI_LU" --help | sed -n '/^Commands:/,/^$/p' |
		sed -n 's/^  \([a-z][a-z-]*\).*/\1/p')
	run complete_line "pci-lu "
	assert_output "$cmds"
	for c in $cmds; do
		[ "$c" != help ] || continue
		run complete_line "pci-lu $c -"
		for o in $("$PCI_LU" "$c" --help | sed -n '/^Options:/,$p' |
			grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | sed 's/^[ ,]//'); do
			assert_line -- "$o"
		done
	done
}

@test "completion: BDFs from sysfs for add, opted-in ones for remove" {
	run complete_line "pci-lu add "
	assert_output "$(ls "$ROOT/sys/bus/pci/devices")"
	assert_line "0000:03:00.0"
	run complete_line "pci-lu add 0000:0"
	# readline replaces only what follows the last ':' of the word
	assert_line "03:00.0"
	run complete_line "pci-lu check 0000:03:"
	assert_output "00.0"
	fake_optin "$ROOT" 0000:04:00.0
	run complete_line "pci-lu remove "
	assert_output "0000:04:00.0"
	unset PCI_LU_ROOT
	run complete_line "pci-lu --root $ROOT remove 0"
	assert_output "0000:04:00.0"
}
