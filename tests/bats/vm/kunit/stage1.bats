#!/usr/bin/env bats
# kunit: the KUnit suite of the handover record codec (drivers/pci/
# pci-lu-rec-test.c, CONFIG_PCI_LU_KUNIT_TEST) ran at boot and every case
# passed.  The guest reads the suite's results in debugfs; host.bats
# checks the KTAP on the console case by case against the source.

load ../lib/common

KUNIT_RESULTS=/sys/kernel/debug/kunit/pci-lu-rec/results

@test "the pci-lu-rec KUnit suite ran at boot" {
	[ -r "$KUNIT_RESULTS" ] || fail "no $KUNIT_RESULTS: suite not built in"
	run grep -cE '^ *(not )?ok [0-9]+ pci_lu_rec_test_' "$KUNIT_RESULTS"
	[ "$output" -ge 1 ] || fail "no case results in $KUNIT_RESULTS"
}

@test "no pci-lu-rec case failed (debugfs results)" {
	run grep -E '^ *not ok ' "$KUNIT_RESULTS"
	assert_output ''
	run grep -E '^# pci-lu-rec: pass:[0-9]+ fail:0 skip:0 ' "$KUNIT_RESULTS"
	assert_success
}
