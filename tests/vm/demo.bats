#!/usr/bin/env bats
# Host tier: the admin guide's walkthrough and `make demo` tell the same story.
# Every "# pci-lu ..." command in Documentation/PCI/pci-lu.rst's Walkthrough is
# one tests/vm/demo-guest runs (and the other way round), the guide builds
# as rst without warnings, and the demo's pieces on the host behave
# (trace-bm --bm-at, PCILU_DEMO_BREAK).

bats_load_library bats-support
bats_load_library bats-assert

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
GUIDE=$TOP/Documentation/PCI/pci-lu.rst
GUEST=$TOP/tests/vm/demo-guest

# the walkthrough's admin commands, one per line, without the "# " prompt
guide_cmds() {
	awk '/^Walkthrough$/ { w = 1; next }
		w && /^=+$/ { if (w++ > 1) exit; next }
		w && /^ +# / { sub(/^ +# /, ""); print }' "$GUIDE" | grep "^$1" || true
}

# what demo-guest runs: run '<command>' and the kexec's cmd='<command>'
guest_cmds() {
	grep -v '^#' "$GUEST" | grep -oE "(run |cmd=)'[^']*'" | sed -E "s/^(run |cmd=)'//; s/'\$//" | grep "^$1" || true
}

@test "the walkthrough has the pci-lu commands of the issue" {
	run guide_cmds 'pci-lu '
	for c in 'pci-lu check 03:00.0' 'pci-lu add 03:00.0' 'pci-lu list' 'pci-lu status' \
		'pci-lu kexec -k /boot/bzImage -i ' 'pci-lu incoming' 'pci-lu finish'; do
		assert_line --partial "$c"
	done
}

@test "every '# pci-lu ...' command in the walkthrough is one demo-guest runs" {
	local c missing=''
	[ "$(guide_cmds 'pci-lu ' | wc -l)" -ge 8 ] || fail "fewer than 8 pci-lu commands in the walkthrough"
	while IFS= read -r c; do
		guest_cmds 'pci-lu ' | grep -qxF -- "$c" || missing="$missing
  $c"
	done < <(guide_cmds 'pci-lu ')
	[ -z "$missing" ] || fail "in the guide, not run by tests/vm/demo-guest:$missing"
}

@test "every command demo-guest runs is in the walkthrough" {
	local c missing=''
	while IFS= read -r c; do
		guide_cmds '' | grep -qxF -- "$c" || missing="$missing
  $c"
	done < <(guest_cmds '')
	[ -z "$missing" ] || fail "run by tests/vm/demo-guest, not in the guide's walkthrough:$missing"
}

@test "the guide builds with rst2html --halt=warning" {
	command -v rst2html >/dev/null || skip "rst2html (python3-docutils) not installed"
	run rst2html --halt=warning "$GUIDE" "$BATS_TEST_TMPDIR/guide.html"
	assert_success
	assert_output ''
}

@test "trace-bm --bm-at: Bus Master Enable as last known at a marker, ? if never seen" {
	T=$BATS_TEST_TMPDIR/trace.log
	cat > "$T" <<'TRACE'
1@1.0:pci_cfg_write edu 03:00.0 @0x4 <- 0x107
1@1.1:pci_cfg_read edu 04:00.0 @0x4 -> 0x100107
1@1.2:pci_cfg_read mch 00:00.0 @0xfe -> 0x0
1@1.3:pci_cfg_write edu 03:00.0 @0x4 <- 0x103
1@1.4:pci_cfg_read mch 00:00.0 @0xff -> 0x0
1@1.5:pci_cfg_read mch 00:00.0 @0xfe -> 0x0
TRACE
	run "$TOP/tests/vm/trace-bm" --bm-at kexec "$T" 0000:03:00.0 04:00.0 02:00.0
	assert_success
	assert_output - <<'OUT'
03:00.0 1
04:00.0 1
02:00.0 ?
OUT
	run "$TOP/tests/vm/trace-bm" --bm-at 31 "$T" 03:00.0
	assert_output "03:00.0 0"
	run "$TOP/tests/vm/trace-bm" --bm-at 30@2 "$T" 03:00.0
	assert_output "03:00.0 0"
	run "$TOP/tests/vm/trace-bm" --bm-at 5 "$T" 03:00.0
	assert_failure 3
}

@test "demo.sh refuses an unknown PCILU_DEMO_BREAK before booting anything" {
	PCILU_DEMO_BREAK=bogus run sh "$TOP/scripts/demo.sh"
	assert_failure 1
	assert_output --partial 'PCILU_DEMO_BREAK=bogus: unknown (known: nothing-opted-in)'
}
