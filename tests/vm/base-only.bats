#!/usr/bin/env bats
# The debug tier of make check skips a scenario with a `base-only` file
# (tests/bats/vm/README).  That is only sound if the reason holds: each
# file is one line naming the scenario(s) whose kernel paths it shares, and
# every one it names runs on the debug kernel -- or it says it drives
# "no pci-lu path" at all.  (host tier)

bats_load_library bats-support
bats_load_library bats-assert

VM=$BATS_TEST_DIRNAME/../bats/vm

@test "every base-only reason names a scenario that runs on the debug kernel, or no pci-lu path" {
	local f s name named bad=0 n=0
	for f in "$VM"/*/base-only; do
		n=$((n + 1))
		s=$(basename -- "$(dirname -- "$f")")
		[ "$(wc -l < "$f")" = 1 ] || { echo "$s: base-only is not one line" >&2; bad=1; continue; }
		case $(cat "$f") in *"no pci-lu path"*) continue ;; esac
		named=0
		for name in $(grep -oE '[a-z0-9]+(-[a-z0-9]+)*' "$f" | sort -u); do
			[ -f "$VM/$name/stage1.bats" ] || continue
			if [ -f "$VM/$name/base-only" ]; then
				echo "$s: names $name, which is base-only too" >&2
				bad=1
			fi
			named=1
		done
		[ "$named" = 1 ] || { echo "$s: names no scenario: $(cat "$f")" >&2; bad=1; }
	done
	[ "$n" -gt 0 ] || fail "no base-only files"
	assert_equal "$bad" 0
}

@test "the debug tier still runs the lifecycle, the races and the safety checks" {
	local s
	for s in preserve-kexec cancel blocked-freeze faults races rmmod-race \
		concurrency hotplug hostile incoming-unfinished safety-refusals \
		nvme-driver iommu-pt-kexec kunit; do
		[ -f "$VM/$s/stage1.bats" ] || fail "no scenario $s"
		[ ! -f "$VM/$s/base-only" ] || fail "$s is base-only: the debug kernel would not run it"
	done
}
