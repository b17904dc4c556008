# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # used by the .bats files / set by bats run
# Shared setup of the host tier: bats helpers, the binary under test and a
# fresh fake tree per test (exported as PCI_LU_ROOT).
#
# PCI_LU (default $PCILU_BUILD/pci-lu, PCILU_BUILD defaulting to build/, as
# scripts/check.sh sets it) is the binary under test; pci-lu-unit, the
# host test driver built beside it, exercises BDF parsing and the errno
# table directly. Build both with `make tools` (or make -C tools/pci-lu).

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load fake-tree

TOP=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
PCI_LU=${PCI_LU:-${PCILU_BUILD:-$TOP/build}/pci-lu}
PCI_LU_UNIT=${PCI_LU_UNIT:-$(dirname "$PCI_LU")/pci-lu-unit}
MAN=$TOP/tools/pci-lu/pci-lu.8

common_setup() {
	[ -x "$PCI_LU" ] || fail "no $PCI_LU: build it first (make tools)"
	ROOT=$BATS_TEST_TMPDIR/root
	fake_tree "$ROOT"
	export PCI_LU_ROOT=$ROOT
	CFS=$ROOT/sys/kernel/config/pci-lu
}

CONTRACT=$TOP/tests/bats/host/json-contract.jq

# run pci-lu with stdout and stderr apart ($output, $stderr); with -j or
# --json among the arguments, every document on stdout must satisfy the
# JSON contract (json-contract.jq) for the exit status
pl() {
	run --separate-stderr "$PCI_LU" "$@"
	local a
	for a in "$@"; do
		case $a in -j|--json) json_contract; break ;; --) break ;; esac
	done
}

# $output is one JSON document of the documented shape for exit $status
json_contract() {
	[ -n "$output" ] || fail "-j printed nothing (exit $status): $stderr"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] ||
		fail "-j printed more than one line: $output"
	printf '%s' "$output" | jq -e --argjson rc "$status" -f "$CONTRACT" \
		>/dev/null || fail "not the documented JSON shape for exit $status: $output"
}

# the JSON on stdout satisfies a jq -e filter
assert_json() {
	printf '%s' "$output" | jq -e "$1" >/dev/null ||
		fail "JSON does not satisfy '$1': $output"
}

# exactly one error line "pci-lu: WHAT: REASON" matching the regex
assert_error_line() {
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] ||
		fail "expected one stderr line, got: $stderr"
	[[ "$stderr" =~ ^pci-lu:\ [^:]+.*:\ .+$ ]] ||
		fail "not 'pci-lu: what: reason': $stderr"
	[[ "$stderr" =~ $1 ]] || fail "stderr '$stderr' does not match '$1'"
}

# fake_bzimage FILE CMDLINE_SIZE [FORMAT]: a boot protocol 2.08 header and a
# gzip payload (at 5 * 512) that carries FORMAT (default pci-lu-format-3;
# "none": no pci-lu format at all) and the LUO, KHO and memfd formats of
# the fake tree's configfs "compatibles"
fake_bzimage() {
	local fmt=${3:-pci-lu-format-3} len
	head -c 4096 /dev/zero >"$1"
	printf 'HdrS\x08\x02' | dd of="$1" bs=1 seek=$((0x202)) conv=notrunc 2>/dev/null
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x\\x00\\x00' $(($2 & 255)) $(($2 >> 8)))" |
		dd of="$1" bs=1 seek=$((0x238)) conv=notrunc 2>/dev/null
	[ "$fmt" != none ] || fmt=other-v1
	printf '\0%s\0luo-v5\0kho-v4\0memfd-v2\0' "$fmt" | gzip -n > "$1.payload"
	len=$(stat -c %s "$1.payload")
	dd if="$1.payload" of="$1" bs=1 seek=2560 conv=notrunc 2>/dev/null
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x\\x00\\x00' $((len & 255)) $((len >> 8)))" |
		dd of="$1" bs=1 seek=$((0x24c)) conv=notrunc 2>/dev/null
	rm -f "$1.payload"
}
