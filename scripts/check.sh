#!/bin/bash
# make check: host tier (bats tests/bats/host, tests/vm/*.bats) and VM tier (every scenario
# under tests/bats/vm, each in its own QEMU run), TAP on stdout, and as the
# very last line "N passed, N failed, N skipped" over every TAP result.  Every
# TAP file of every tier must carry exactly one plan that matches its results:
# a missing, duplicated or short plan (a tier that stopped half-way) counts as
# a failure.  Exit status is non-zero on any failure, on a VM that did not
# report, or if nothing ran.
#
#   scripts/check.sh [--host-only | --vm-only | --lint-only] [SCENARIO...]
#   scripts/check.sh --summarize DIR     only the closing summary over DIR/*.tap
#
# PCILU_JOBS (default: number of CPUs, at most 4) VMs run in parallel; each
# scenario's TAP is printed when its run ends.  TAP files: build/check/.
set -eu
# (one compound command: the shell parses the whole file before running it,
# so editing this script during a run cannot derail the run)
{
# summarize DIR: the closing lines over DIR/*.tap.  Each file is one TAP
# stream: one plan "1..N" (first or last line) and exactly N results.
# Skipped tests (TAP "# skip" directive) are neither passed nor failed.
summarize() {
	local f p k n plans plan results
	passed=0 failed=0 skipped=0
	for f in "$1"/*.tap; do
		[ -e "$f" ] || continue
		p=$(grep -c '^ok ' "$f" || true)
		k=$(grep -ci '^ok .*# skip' "$f" || true)
		n=$(grep -c '^not ok ' "$f" || true)
		passed=$((passed + p - k))
		skipped=$((skipped + k))
		failed=$((failed + n))
		plans=$(grep -cE '^1\.\.[0-9]+' "$f" || true)
		results=$((p + n))
		plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$f" | head -n 1)
		if [ "$plans" != 1 ]; then
			echo "not ok - $(basename -- "$f" .tap): $plans TAP plans, expected one ($results results): a tier stopped half-way"
			failed=$((failed + 1))
		elif [ "$plan" != "$results" ]; then
			echo "not ok - $(basename -- "$f" .tap): TAP plan 1..$plan but $results results: a tier stopped half-way"
			failed=$((failed + 1))
		fi
		[ "$n" = 0 ] || echo "# FAILED in $(basename -- "$f" .tap): $n" >&2
	done
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}
if [ "${1:-}" = --summarize ]; then
	[ -d "${2:-}" ] || { echo "check: --summarize DIR: no directory '${2:-}'" >&2; exit 2; }
	summarize "$2"
	exit
fi

TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=check
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"
take_lock "check$SFX"

# Kernel lint tier (scripts/lint-kernel.sh: checkpatch, W=1 + sparse,
# kernel-doc, get_abi); `make lint` runs it alone.  PCILU_LINT=0 turns it
# off.
lint=${PCILU_LINT:-1}
host=1 vm=1
case ${1:-} in
--host-only) vm=0 lint=0; shift ;;
--vm-only) host=0 lint=0; shift ;;
--lint-only) host=0 vm=0 lint=1; shift ;;
esac
out=$BUILD/check$SFX
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)

# ---- build (a failure is a TAP result too, so the last line always comes) -------
target=initramfs
[ "$vm" = 1 ] || target=tools
[ "$vm" = 1 ] || [ "$host" = 1 ] || target=kernel
echo "# build: make $target ($VARIANT)"
# the host tier's image-check tests and the rollback scenario also need the
# kernel without pci-lu (build/bzImage-nolu, one for both variants), built
# before the initramfs so that it carries it, and after the base kernel,
# whose objects it starts from (scripts/build-kernel.sh)
extra=
[ "$target" = kernel ] || extra="kernel kernel-nolu"
set +e
# shellcheck disable=SC2086
"${MAKE:-make}" -C "$TOP" --no-print-directory $extra "$target" 2>&1 | tee "$out/build.log"
brc=${PIPESTATUS[0]}
set -e
if [ "$brc" = 0 ]; then
	echo "ok 1 - build: make $target ($VARIANT)" | tee "$out/build.tap"
else
	{ echo "not ok 1 - build: make $target ($VARIANT) failed"; tail -n 30 "$out/build.log" | sed 's/^/# /'; } | tee "$out/build.tap"
	echo "# build failed: the VM tier is skipped and counted as failed"
	vm=0
	lint=0
fi
echo "1..1" >> "$out/build.tap"

# ---- host tier -------------------------------------------------------------------
if [ "$host" = 1 ]; then
	if compgen -G "$TOP/tests/bats/host/*.bats" >/dev/null; then
		echo "# host tier: bats tests/bats/host"
		PCILU_TOP=$TOP PCILU_BUILD=$BUILD BATS_LIB_PATH=/usr/lib/bats \
			bats --tap "$TOP/tests/bats/host" 2>&1 | tee "$out/host.tap" || true
	else
		echo "# host tier: no tests/bats/host/*.bats"
	fi
	echo "# host tier: pipeline self-tests (tests/vm/*.bats)"
	BATS_LIB_PATH=/usr/lib/bats bats --tap "$TOP"/tests/vm/*.bats 2>&1 | tee "$out/pipeline.tap" || true
	# libFuzzer on the CLI's argument and BDF parsing (PCILU_FUZZ_SECS, default 30)
	echo "# host tier: fuzz (tests/fuzz/run, ${PCILU_FUZZ_SECS:-30} s)"
	"$TOP/tests/fuzz/run" "$BUILD" "$HDR/include" 2>&1 | tee "$out/fuzz.tap" || true
fi

# ---- kernel lint tier ------------------------------------------------------------
if [ "$lint" = 1 ]; then
	if [ -f "$TOP/scripts/lint-kernel.sh" ]; then
		echo "# kernel lint tier: scripts/lint-kernel.sh"
		sh "$TOP/scripts/lint-kernel.sh" "$TOP" "$KSRC" "$KOBJ" "$BUILD/tools/sparse" 2>&1 \
			| tee "$out/lint.tap" || true
	else
		echo "# kernel lint tier: no scripts/lint-kernel.sh"
	fi
fi

# ---- VM tier ---------------------------------------------------------------------
if [ "$vm" = 1 ]; then
	if [ $# -gt 0 ]; then
		scenarios=("$@")
	else
		scenarios=()
		for d in "$TOP"/tests/bats/vm/*/; do
			[ -f "$d/stage1.bats" ] || continue
			# a scenario that drives no kernel path the others do not
			# (a `base-only` file says why) runs on the base kernel
			# only; the debug tier reports it as skipped
			if [ "$VARIANT" = debug ] && [ -f "$d/base-only" ] &&
				[ "${PCILU_DEBUG_ALL:-0}" != 1 ]; then
				printf 'ok 1 - %s # skip base-only: %s\n1..1\n' \
					"$(basename -- "$d")" "$(head -n 1 "$d/base-only")" \
					> "$out/vm-$(basename -- "$d").tap"
				continue
			fi
			scenarios+=("$(basename -- "$d")")
		done
	fi
	jobs=${PCILU_JOBS:-$(nproc)}
	[ "$jobs" -le 4 ] || jobs=4
	echo "# VM tier ($VARIANT kernel): ${#scenarios[@]} scenario(s), $jobs at a time: ${scenarios[*]}"

	# one runner per scenario; its TAP goes to a file, printed when it ends
	vm_one() {
		local s=$1 rc=0
		"$TOP/tests/vm/run" "$s" > "$out/vm-$s.tap" 2> "$out/vm-$s.log" || rc=$?
		# a runner that died before producing TAP still counts as a failure
		if ! grep -q '^not ok\|^ok' "$out/vm-$s.tap"; then
			{ echo "not ok 1 - $s: tests/vm/run exited $rc without results"
			  sed 's/^/# /' "$out/vm-$s.log"
			  echo "1..1"; } > "$out/vm-$s.tap"
		fi
		{ echo "# vm: $s"; cat "$out/vm-$s.tap"; tail -n 1 "$out/vm-$s.log" | sed 's/^/# /'; } > "$out/vm-$s.report.tmp"
		mv "$out/vm-$s.report.tmp" "$out/vm-$s.report"
	}
	# print the reports in scenario order, as far as they are complete
	printed=0
	flush() {
		while [ "$printed" -lt "${#scenarios[@]}" ] && [ -f "$out/vm-${scenarios[$printed]}.report" ]; do
			cat "$out/vm-${scenarios[$printed]}.report"
			printed=$((printed + 1))
		done
	}
	pids=()
	trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
	running=0
	for s in "${scenarios[@]}"; do
		if [ "$running" -ge "$jobs" ]; then
			wait -n || true
			running=$((running - 1))
			flush
		fi
		vm_one "$s" &
		pids+=($!)
		running=$((running + 1))
	done
	while [ "$running" -gt 0 ]; do
		wait -n || true
		running=$((running - 1))
		flush
	done
	flush
	trap - EXIT INT TERM
fi

# ---- VM tier again on the debug kernel ------------------------------------------
# `make check` (base) also runs the whole VM tier on the debug kernel (KASAN,
# lockdep, kmemleak): `make check-debug`'s VM tier, nested; its console output
# goes to debug.log with its closing line turned into a comment, and each of
# its TAP files is copied here as debug-<name>.tap with the test names
# suffixed " [debug]", so the summary checks its plans like any other tier's
# and this run keeps ONE closing line.  PCILU_DEBUG_TIER=0 skips it; make
# check-debug itself (VARIANT debug) does not nest.
if [ "$vm" = 1 ] && [ "$VARIANT" = base ] && [ "${PCILU_DEBUG_TIER:-1}" = 1 ]; then
	echo "# debug tier: the VM tier on the debug kernel (DEBUG=1 scripts/check.sh --vm-only)"
	dout=$BUILD/check-debug
	DEBUG=1 PCILU_DEBUG_TIER=0 MAKEFLAGS='' "$TOP/scripts/check.sh" --vm-only "$@" 2>&1 \
		| sed -E 's/^((not )?ok [0-9]+ .*)$/\1 [debug]/; s/^([0-9]+ passed, [0-9]+ failed.*)$/# debug tier: \1/' \
		| tee "$out/debug.log" || true
	found=0
	for f in "$dout"/*.tap; do
		[ -e "$f" ] || continue
		sed -E 's/^((not )?ok [0-9]+ .*)$/\1 [debug]/' "$f" > "$out/debug-$(basename -- "$f")"
		found=1
	done
	[ "$found" = 1 ] ||
		printf 'not ok 1 - debug tier: no results [debug]\n1..1\n' | tee "$out/debug-none.tap"
fi

# ---- summary ---------------------------------------------------------------------
echo "# $(( $(date +%s) - start )) s; TAP files in ${out#"$TOP"/}/"
summarize "$out"
exit
}
