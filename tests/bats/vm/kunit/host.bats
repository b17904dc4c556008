#!/usr/bin/env bats
# kunit, on the host: the console's KTAP says "ok" for every KUNIT_CASE()
# of drivers/pci/pci-lu-rec-test.c, and nothing in the suite is "not ok".

bats_load_library bats-support
bats_load_library bats-assert

SRC=$PCILU_TOP/drivers/pci/pci-lu-rec-test.c

# the suite's KTAP block from the console, timestamps stripped
suite_ktap() {
	sed -E 's/^\[ *[0-9.]+\] //' "$PCILU_SERIAL" | tr -d '\r' |
		awk '/# Subtest: pci-lu-rec$/ { on = 1 } on { print } on && /^ok [0-9]+ pci-lu-rec$|^not ok [0-9]+ pci-lu-rec$/ { exit }'
}

@test "the console has the pci-lu-rec suite, ending in ok" {
	run suite_ktap
	assert_success
	assert_line --regexp '^ok [0-9]+ pci-lu-rec$'
}

@test "every KUNIT_CASE of pci-lu-rec-test.c is reported ok, none not ok" {
	local cases c ktap
	cases=$(sed -n 's/^[[:space:]]*KUNIT_CASE(\([a-z0-9_]*\)),$/\1/p' "$SRC")
	[ "$(echo "$cases" | wc -l)" -ge 10 ] || fail "found too few KUNIT_CASE lines in $SRC"
	ktap=$(suite_ktap)
	for c in $cases; do
		grep -qE "^ +ok [0-9]+ $c\$" <<< "$ktap" || fail "case $c: not reported ok"
	done
	run grep -E '^ +not ok ' <<< "$ktap"
	assert_output ''
	run grep -E "^ +1\.\.[0-9]+\$" <<< "$ktap"
	assert_output "    1..$(echo "$cases" | wc -l)"
}
