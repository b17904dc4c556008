#!/usr/bin/env bats
# Self-test of make check's closing line (scripts/check.sh --summarize, the
# same function make check ends with) on synthetic TAP files of every tier
# (host tier).  A tier whose stream stopped half-way must fail the run.

bats_load_library bats-support
bats_load_library bats-assert

CHECK=$BATS_TEST_DIRNAME/../../scripts/check.sh

setup() {
	D=$BATS_TEST_TMPDIR/check
	mkdir -p "$D"
	# one complete stream per tier, as each tier writes it
	printf 'ok 1 - build: make initramfs (base)\n1..1\n' > "$D/build.tap"
	printf '1..3\nok 1 a\nok 2 b\nok 3 c # skip not as root\n' > "$D/host.tap"
	printf '1..1\nok 1 trace-bm\n' > "$D/pipeline.tap"
	printf '1..2\nok 1 fuzz builds\nok 2 fuzz runs\n' > "$D/fuzz.tap"
	printf 'ok 1 checkpatch\nok 2 sparse\n1..2\n' > "$D/lint.tap"
	printf 'ok 1 boot/stage1: x\nok 2 boot: VM run completed\n1..2\n' > "$D/vm-boot.tap"
	printf 'ok 1 boot/stage1: x [debug]\nok 2 boot: VM run completed [debug]\n1..2\n' \
		> "$D/debug-vm-boot.tap"
}

@test "complete streams in every tier: passed, skipped and failed counted, exit 0" {
	run "$CHECK" --summarize "$D"
	assert_success
	assert_line --index -1 "12 passed, 0 failed, 1 skipped"
}

@test "a failing test fails the run" {
	printf 'ok 1 a\nnot ok 2 b\n1..2\n' > "$D/vm-boot.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line --index -1 "11 passed, 1 failed, 1 skipped"
}

@test "a host-tier bats stream cut short (plan 1..92, 2 results) fails the run" {
	printf '1..92\nok 1 a\nok 2 b\n' > "$D/host.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line "not ok - host: TAP plan 1..92 but 2 results: a tier stopped half-way"
	assert_line --index -1 "12 passed, 1 failed, 0 skipped"
}

@test "a VM scenario stream without its closing plan fails the run" {
	printf 'ok 1 boot/stage1: x\n' > "$D/vm-boot.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line "not ok - vm-boot: 0 TAP plans, expected one (1 results): a tier stopped half-way"
}

@test "a debug-tier stream cut short fails the run" {
	printf 'ok 1 boot/stage1: x [debug]\n1..5\n' > "$D/debug-vm-boot.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line "not ok - debug-vm-boot: TAP plan 1..5 but 1 results: a tier stopped half-way"
}

@test "lint and fuzz streams are held to their plans too" {
	printf '1..2\nok 1 fuzz builds\n' > "$D/fuzz.tap"
	printf 'ok 1 checkpatch\n1..2\nok 2 sparse\n1..2\n' > "$D/lint.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line "not ok - fuzz: TAP plan 1..2 but 1 results: a tier stopped half-way"
	assert_line "not ok - lint: 2 TAP plans, expected one (2 results): a tier stopped half-way"
}

@test "an empty tier file (the tier never started) fails the run" {
	: > "$D/host.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line "not ok - host: 0 TAP plans, expected one (0 results): a tier stopped half-way"
}

@test "nothing passed is a failure even with nothing failed" {
	rm -f "$D"/*.tap
	printf '1..1\nok 1 x # skip no VM\n' > "$D/host.tap"
	run "$CHECK" --summarize "$D"
	assert_failure
	assert_line --index -1 "0 passed, 0 failed, 1 skipped"
}
