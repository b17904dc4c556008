#!/usr/bin/env bats
# Global options, help, version, usage errors, stdout checks, man page.

setup() {
	load common
	common_setup
}

# command names as listed by `pci-lu --help`
help_commands() {
	"$PCI_LU" --help | sed -n '/^Commands:/,/^$/p' |
		sed -n 's/^  \([a-z][a-z-]*\).*/\1/p'
}

@test "--help lists every command and exits 0" {
	pl --help
	assert_success
	assert_output --partial "Usage: pci-lu [OPTIONS] COMMAND [ARGS]"
	run help_commands
	assert_output "$(printf '%s\n' add remove list status check apply \
		kexec preserve incoming finish abandon image-check help)"
}

@test "help COMMAND is COMMAND --help; help alone is --help" {
	for c in $(help_commands); do
		pl help "$c"
		assert_success
		assert_output "$("$PCI_LU" "$c" --help)"
	done
	pl help
	assert_success
	assert_output "$("$PCI_LU" --help)"
	pl help nope
	assert_failure 2
	assert_error_line "^pci-lu: help: unknown command 'nope'"
}

@test "--help names every exit status" {
	pl --help
	assert_output --partial "Exit status: 0 success, 1 failure, 2 usage error, 3 not available,
4 refused, 5 busy, 6 incompatible kernel image, 7 kernel image of unknown compatibility."
}

@test "-h is --help" {
	pl -h
	assert_success
	assert_output "$("$PCI_LU" --help)"
}

@test "every command has --help with usage and options" {
	for c in $(help_commands); do
		pl "$c" --help
		assert_success
		assert_line --index 0 --regexp "^Usage: pci-lu \[OPTIONS\] $c"
		assert_output --partial "--json"
		assert_output --partial "--root DIR"
	done
}

@test "-V and --version print the version and handover format" {
	pl -V
	assert_success
	assert_output --regexp '^pci-lu [0-9.]+ \(handover format pci-lu-format-3\)$'
	pl --version
	assert_success
}

@test "-j -V prints a JSON document" {
	pl -j -V
	assert_success
	assert_json '.format == "pci-lu-format-3" and (.version | type) == "string"
		and .command == "version" and .schema == 1'
}

@test "-j usage errors: an error document on stdout, exit 2" {
	pl -j add
	assert_failure 2
	assert_json '.command == "add" and .error.exit == 2 and
		.error.errno == null and (.error.reason | startswith("missing BDF"))'
	pl -j nope
	assert_failure 2
	assert_json '.command == null and (.error.reason | startswith("unknown command"))'
	pl add --bogus -j
	assert_failure 2
	assert_json '.error.reason == "unknown option '"'--bogus'"'"'
	pl -j kexec -a -j
	assert_failure 2
	assert_json '.error.reason == "missing -k KERNEL"'
}

@test "--json=1: the option takes no argument (not 'unknown option -j')" {
	pl --json=1 list
	assert_failure 2
	assert_error_line "^pci-lu: usage: option '--json' takes no argument \('--json=1'\)$"
	pl list --verbose=yes
	assert_failure 2
	assert_error_line "^pci-lu: list: option '--verbose' takes no argument"
}

@test "-v prints each step with its duration on stderr" {
	pl -v add 03:00.0 04:00.0
	assert_success
	assert_equal "${#stderr_lines[@]}" 2
	[[ "${stderr_lines[0]}" =~ ^pci-lu:\ step:\ mkdir\ $CFS/devices/0000:03:00.0:\ ok,\ [0-9]+\.[0-9]{3}\ ms$ ]] ||
		fail "not a step line: ${stderr_lines[0]}"
	[[ "${stderr_lines[1]}" =~ ^pci-lu:\ step:\ mkdir\ $CFS/devices/0000:04:00.0:\ ok, ]] ||
		fail "not a step line: ${stderr_lines[1]}"
	touch "$ROOT/dev/pci-lu"
	pl -v check 03:00.0
	assert_failure 3
	[[ "${stderr_lines[0]}" =~ ^pci-lu:\ step:\ open\ $ROOT/dev/pci-lu:\ ok, ]] ||
		fail "no open step: $stderr"
	[[ "${stderr_lines[1]}" =~ ^pci-lu:\ step:\ ioctl\ PCI_LU_IOCTL_CHECK:\ ENOTTY, ]] ||
		fail "no ioctl step: $stderr"
	pl add 03:00.0
	assert_equal "$stderr" ""
}

@test "no command is a usage error (exit 2)" {
	pl
	assert_failure 2
	assert_error_line "missing command"
	assert_output ""
}

@test "unknown command is a usage error (exit 2)" {
	pl frobnicate
	assert_failure 2
	assert_error_line "^pci-lu: usage: unknown command 'frobnicate'"
}

@test "unknown global option is a usage error (exit 2)" {
	pl --bogus list
	assert_failure 2
	assert_error_line "unknown option '--bogus'"
	pl -x list
	assert_failure 2
	assert_error_line "unknown option '-x'"
}

@test "unknown command option is a usage error (exit 2)" {
	pl list --bogus
	assert_failure 2
	assert_error_line "^pci-lu: list: unknown option '--bogus'"
	pl add -k x 03:00.0
	assert_failure 2
	assert_error_line "^pci-lu: add: unknown option '-k'"
}

@test "missing option argument is a usage error (exit 2)" {
	pl --root
	assert_failure 2
	assert_error_line "missing argument for option '--root'"
	pl kexec -k
	assert_failure 2
	assert_error_line "^pci-lu: kexec: missing argument for option '-k'"
}

@test "missing and extra arguments are usage errors (exit 2)" {
	for c in add remove; do
		pl "$c"
		assert_failure 2
		assert_error_line "^pci-lu: $c: missing BDF\.\.\. argument"
	done
	for c in list incoming finish; do
		pl "$c" extra
		assert_failure 2
		assert_error_line "^pci-lu: $c: unexpected argument 'extra'"
	done
	pl status 03:00.0 04:00.0
	assert_failure 2
	assert_error_line "unexpected argument '04:00.0'"
	pl apply a b
	assert_failure 2
	assert_error_line "^pci-lu: apply: unexpected argument 'b'"
}

@test "-j and --root are also accepted after the command" {
	fake_optin "$ROOT" 0000:03:00.0
	unset PCI_LU_ROOT
	pl list -j --root "$ROOT"
	assert_success
	assert_json '.devices | length == 1'
}

@test "--root wins over PCI_LU_ROOT" {
	fake_optin "$ROOT" 0000:03:00.0
	other=$BATS_TEST_TMPDIR/other
	fake_tree "$other"
	PCI_LU_ROOT=$other pl -j --root "$ROOT" list
	assert_success
	assert_json '.devices | length == 1'
	PCI_LU_ROOT=$other pl -j list
	assert_json '.devices | length == 0'
}

@test "--root with a trailing slash" {
	fake_optin "$ROOT" 0000:03:00.0
	pl -j --root "$ROOT/" list
	assert_success
	assert_json '.devices[0].bdf == "0000:03:00.0"'
}

@test "--root / names the system paths" {
	unset PCI_LU_ROOT
	# --root / must behave exactly as no --root at all: same status, same
	# output, same error (whatever this host has)
	run --separate-stderr "$PCI_LU" list
	local st=$status out=$output err=$stderr
	pl --root / list
	assert_equal "$status" "$st"
	assert_equal "$output" "$out"
	assert_equal "$stderr" "$err"
	# and a host without pci-lu is told the real configfs path
	if [ ! -d /sys/kernel/config/pci-lu ]; then
		assert_failure
		assert_error_line "^pci-lu: list: /sys/kernel/config/pci-lu: "
	fi
}

@test "stdout to /dev/full fails with exit 1" {
	fake_optin "$ROOT" 0000:03:00.0
	for args in "list" "-j list" "status" "--help" "-V" "list --help"; do
		# shellcheck disable=SC2086
		run --separate-stderr bash -c "'$PCI_LU' $args >/dev/full"
		assert_failure 1
		assert_error_line "^pci-lu: write to standard output: No space left on device$"
	done
}

@test "man page renders without warnings" {
	run bash -c "MANWIDTH=80 man --warnings -l '$MAN' 2>&1 >/dev/null"
	assert_success
	assert_output ""
}

@test "man page and --help list the same commands" {
	man_cmds=$(sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$MAN" |
		sed -n '/^\.TP/{n;s/^\.B \([a-z][a-z\\-]*\).*/\1/p}' | sed 's/\\-/-/g')
	assert_equal "$man_cmds" "$(help_commands)"
}

@test "man page documents every option of every --help" {
	for c in "" $(help_commands); do
		# shellcheck disable=SC2086
		for o in $("$PCI_LU" $c --help | grep -o -- '--[a-z-]\+' |
			sort -u); do
			grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$MAN" ||
				fail "man page lacks $o (from pci-lu $c --help)"
		done
	done
}

@test "every option in the man page is in some --help" {
	all_help=$(for c in "" $(help_commands); do
		# shellcheck disable=SC2086
		"$PCI_LU" $c --help; done)
	for o in $(grep -o '\\-\\-\([a-z]\|\\-\)\+' "$MAN" | sed 's/\\-/-/g' |
		sort -u); do
		[[ "$all_help" == *"$o"* ]] || fail "--help lacks $o (from man page)"
	done
}

@test "man page and --help agree on short options" {
	# every "-X, --long" pair of every --help is one "\-X, \-\-long" line in
	# the man page ("\-j" alone would also match inside "\-\-json")
	pairs=$(for c in "" $(help_commands); do
		# shellcheck disable=SC2086
		"$PCI_LU" $c --help; done |
		grep -oE -- '(^|[ [])-[a-zA-Z], --[a-z-]+' | sed 's/^[ []//' | sort -u)
	[ -n "$pairs" ] || fail "no short options found in --help"
	while read -r s l; do
		s=${s%,}
		grep -qE -- "(^|[^-])\\\\-${s#-}[^a-z].*\\\\-\\\\-${l#--}([^a-z-]|$)" "$MAN" ||
			fail "man page lacks $s paired with $l"
	done <<< "$pairs"
}
