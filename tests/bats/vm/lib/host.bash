# shellcheck shell=bash
# Helpers for host.bats files (run on the host after the VM, see README):
#   load "$PCILU_TOP/tests/bats/vm/lib/host"
bats_load_library bats-support
bats_load_library bats-assert

# Bus Master Enable clears (1 -> 0) of BDF between the kexec marker and the
# next kernel's first marker
bm_clears() {
	"$PCILU_TRACE_BM" --count --from kexec --to stage "$PCILU_TRACE" "$1" |
		awk '{ print $2 }'
}
