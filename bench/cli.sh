#!/bin/bash
# bench/cli.sh OUTDIR: latency of `pci-lu list` and `pci-lu -j list` with 1,
# 64 and 256 opted-in devices on the host tier's fake tree
# (tests/bats/host/fake-tree.bash, as tests/bats/host/scale.bats builds it).
# Writes OUTDIR/cli-<N>-<text|json>.times: one wall time in seconds a line.
# Uses hyperfine when installed (apt-get install hyperfine), else a loop
# timed with date +%s%N.  BENCH_CLI_RUNS (default 200) runs per command.
set -eu
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
out=$1
runs=${BENCH_CLI_RUNS:-200}
PCI_LU=${PCI_LU:-$TOP/build/pci-lu}
[ -x "$PCI_LU" ] || { echo "bench/cli.sh: no $PCI_LU (make tools)" >&2; exit 1; }
# shellcheck source=tests/bats/host/fake-tree.bash
. "$TOP/tests/bats/host/fake-tree.bash"
mkdir -p "$out"
tool=loop
command -v hyperfine >/dev/null && tool=hyperfine
echo "$tool" > "$out/cli-tool"

for n in 1 64 256; do
	root=$out/fake-$n
	rm -rf "$root"
	fake_tree "$root"
	for i in $(seq 0 $((n - 1))); do
		fake_optin "$root" "$(printf '0000:%02x:%02x.%x' $((0x10 + i / 32)) $((i % 32)) 0)" \
			ok 1 0 "0000:00:04.0/00.0"
	done
	export PCI_LU_ROOT=$root
	# sanity: the tool sees all of them
	got=$("$PCI_LU" -j list | jq '.devices | length')
	[ "$got" = "$n" ] || { echo "bench/cli.sh: pci-lu -j list shows $got devices, expected $n" >&2; exit 1; }
	for mode in text json; do
		args=(list)
		[ "$mode" = text ] || args=(-j list)
		f=$out/cli-$n-$mode.times
		if [ "$tool" = hyperfine ]; then
			hyperfine -N --style none --warmup 10 --runs "$runs" \
				--export-json "$out/cli-$n-$mode.json" "$PCI_LU ${args[*]}" >/dev/null 2>>"$out/hyperfine.log"
			jq -r '.results[0].times[]' "$out/cli-$n-$mode.json" > "$f"
		else
			: > "$f"
			for _ in $(seq 10); do "$PCI_LU" "${args[@]}" >/dev/null; done
			for _ in $(seq "$runs"); do
				s=$(date +%s%N)
				"$PCI_LU" "${args[@]}" >/dev/null
				e=$(date +%s%N)
				echo "$(( e - s ))e-9" >> "$f"
			done
		fi
	done
	rm -rf "$root"
done
