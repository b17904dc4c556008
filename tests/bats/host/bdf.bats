#!/usr/bin/env bats
# BDF parsing: [DDDD:]BB:DD.F in hex, any case, normalised to the canonical
# lowercase form (pci_name()'s: the domain takes 4 to 8 digits, domains
# above ffff as behind Intel VMD have 5 or more); anything else is a usage
# error (exit 2) that changes nothing.

setup() {
	load common
	common_setup
}

# input -> canonical
GOOD=(
	"03:00.0 0000:03:00.0"
	"3:0.0 0000:03:00.0"
	"0000:03:00.0 0000:03:00.0"
	"0:3:0.0 0000:03:00.0"
	"0000:0A:1F.7 0000:0a:1f.7"
	"ABCD:EF:1f.7 abcd:ef:1f.7"
	"aBcD:eF:1F.7 abcd:ef:1f.7"
	"ffff:ff:1f.7 ffff:ff:1f.7"
	"0000:00:00.0 0000:00:00.0"
	"00:00.0 0000:00:00.0"
	"0001:00:00.1 0001:00:00.1"
	"00ff:03:00.0 00ff:03:00.0"
	"000000ff:03:00.0 00ff:03:00.0"
	"10000:03:00.0 10000:03:00.0"
	"0001000A:e1:00.0 1000a:e1:00.0"
	"ffffffff:ff:1f.7 ffffffff:ff:1f.7"
)

# input|reason (regex)
BAD=(
	"|expected \[DDDD:\]BB:DD.F"
	"03|expected \[DDDD:\]BB:DD.F"
	"03:00|unexpected end after device number"
	"03:00.|missing function number"
	"03.00.0|expected \[DDDD:\]BB:DD.F"
	":00.0|missing bus number"
	"0000::00.0|missing bus number"
	"0000:03:20.0|device 20 out of range \(max 1f\)"
	"03:1f.8|function 8 out of range \(max 7\)"
	"0000:100:00.0|bus 100 out of range \(max ff\)"
	"123456789:03:00.0|domain number too long"
	"03:00.0 |unexpected ' ' after function number"
	"03:00.0x|unexpected 'x' after function number"
	"x3:00.0|missing bus number"
	"0x03:00.0|unexpected 'x' after bus number"
	"03:00.0.0|unexpected '.' after function number"
	"0000:03:00:0|expected \[DDDD:\]BB:DD.F"
	"03:00:0|unexpected end after device number"
	"03:00.0:|unexpected '.' after bus number"
	"0:0:0:0.0|expected \[DDDD:\]BB:DD.F"
	"+3:00.0|missing bus number"
	"03:0g.0|unexpected 'g' after device number"
	"03:00.10|function 10 out of range \(max 7\)"
	"123456789:00.0|bus number too long"
	"03 :00.0|unexpected ' ' after bus number"
)

@test "good BDFs normalise (add -j reports and creates the canonical name)" {
	for pair in "${GOOD[@]}"; do
		in=${pair% *} want=${pair#* }
		pl -j add "$in"
		assert_success
		assert_json ".results[0].bdf == \"$want\" and .results[0].ok"
		[ -d "$CFS/devices/$want" ] || fail "$in: no devices/$want"
		pl remove "$in"
		assert_success
		assert_output "$want: opted out"
	done
}

@test "good BDFs normalise in text output" {
	pl add 3:0.0
	assert_success
	assert_output "0000:03:00.0: opted in"
}

@test "bad BDFs are usage errors (exit 2) for every BDF command" {
	for pair in "${BAD[@]}"; do
		in=${pair%%|*} why=${pair#*|}
		for c in add remove status check; do
			pl "$c" "$in"
			assert_failure 2
			assert_error_line "^pci-lu: $c: invalid BDF '.*': $why$"
			assert_output ""
		done
	done
	run find "$CFS/devices" -mindepth 1
	assert_output ""
}

@test "a newline in a BDF is escaped and the error stays one line" {
	pl add $'03:00.0\n'
	assert_failure 2
	assert_error_line "invalid BDF '03:00.0\\\\x0a': unexpected byte 0x0a after function number$"
}

@test "one bad BDF among good ones: nothing is added (exit 2)" {
	pl add 03:00.0 03:00.8 04:00.0
	assert_failure 2
	assert_error_line "invalid BDF '03:00.8'"
	run find "$CFS/devices" -mindepth 1
	assert_output ""
}

@test "unit: bdf_parse on every good and bad case" {
	[ -x "$PCI_LU_UNIT" ] || fail "no $PCI_LU_UNIT (built with pci-lu)"
	for pair in "${GOOD[@]}"; do
		run "$PCI_LU_UNIT" bdf "${pair% *}"
		assert_success
		assert_output "${pair#* }"
	done
	for pair in "${BAD[@]}"; do
		run "$PCI_LU_UNIT" bdf "${pair%%|*}"
		assert_failure 1
		assert_output --regexp "^error: ${pair#*|}$"
	done
}

@test "unit: every bus, device and function in range round-trips" {
	for b in 0 1 7f ff; do
		for d in 0 1 a 1f; do
			for f in 0 7; do
				want=$(printf '0000:%02x:%02x.%x' 0x$b 0x$d 0x$f)
				run "$PCI_LU_UNIT" bdf "$b:$d.$f"
				assert_output "$want"
			done
		done
	done
}
