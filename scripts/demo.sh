#!/bin/sh
# make demo: the whole pci-lu story in the test VM.  First kernel: opt
# 0000:03:00.0 in through configfs, check its path, run DMA on both edus,
# `pci-lu kexec --dry-run`; then an orchestrator, the example agent
# pci-lu-agent, preserves a memfd and the /dev/pci-lu fd in its own LUO
# session, starts a DMA on both edus into the memfd and kexecs while they
# are in flight.  Next kernel: `pci-lu incoming`, `pci-lu finish` (the
# agent's session: left to it), the agent reads the memfd back (the DMA in
# flight landed on 03:00.0, not on the control 04:00.0) and finishes; a new
# DMA works on 03:00.0 without re-enabling anything and fails on 04:00.0.
# Then a table from QEMU's own trace of config writes (tests/vm/trace-bm):
# Bus Master Enable before the kexec, clearing writes during it, Bus Master
# Enable in the next kernel, and what the in-flight DMA left in the memfd.
#
# Exit 0 only if the guest flow worked, the preserved path (03:00.0 and its
# bridges 02:00.0, 01:00.0, 00:04.0) saw no clearing write and kept bus
# mastering, the control 04:00.0 was cleared, and the in-flight DMA landed
# (all 2048 bytes) for 03:00.0 and not for 04:00.0.
#
# QEMU runs with the inflight-dma scenario's qemu-args (-icount, edu's
# dma_mask): edu runs a DMA 100 ms of virtual time after its command, which
# then falls inside the kexec.
#
#   PCILU_DEMO_BREAK=nothing-opted-in make demo
#       breaks it on purpose: nothing is opted in, the agent preserves no
#       /dev/pci-lu; the kexec clears everything; the demo must fail.
#
# The guest script is tests/vm/demo-guest; the full console and the trace stay
# in build/vm/demo/ (serial.log, trace.log).
set -eu
# (one compound command: the shell parses the whole file before running it,
# so editing this script during a run cannot derail the run)
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=demo
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"

brk=${PCILU_DEMO_BREAK:-}
case $brk in
'' | nothing-opted-in) ;;
*) die "PCILU_DEMO_BREAK=$brk: unknown (known: nothing-opted-in)" ;;
esac
guest=$(cat "$TOP/tests/vm/demo-guest")
[ -z "$brk" ] || guest="PCILU_DEMO_BREAK=$brk
$guest"

run=$VMDIR/demo$SFX
serial=$run/serial.log
trace=$run/trace.log
say "booting the $VARIANT kernel in QEMU (TCG with -icount, ~20 s on an idle machine); console in ${serial#"$TOP"/}${brk:+; BREAK=$brk}"
mkdir -p "$VMDIR"	# a fresh clone has no build/vm yet
rc=0
# QEMU options and time limit of the inflight-dma scenario (its qemu-args and
# timeout: -icount, edu's dma_mask; the debug kernel gets 4x, as there)
idir=$TOP/tests/bats/vm/inflight-dma
qargs=$(sed 's/#.*//' "$idir/qemu-args" | tr '\n' ' ')
secs=$(tr -dc 0-9 < "$idir/timeout")
[ "$VARIANT" != debug ] || secs=$((secs * 4))
"$TOP/tests/vm/run" -n "demo$SFX" -t "$secs" -a "$qargs" -c "$guest" demo > "$VMDIR/demo$SFX.tap" 2>&1 || rc=$?
[ -f "$serial" ] || { cat "$VMDIR/demo$SFX.tap" >&2; die "the VM did not run"; }

# the viewer's lines ("demo: "), what `pci-lu-agent update` printed just
# before the reboot (it runs straight on the console), and a few of the
# kernel's own words
tr -d '\r' < "$serial" | awk '
	/^demo: / { inkexec = ($0 ~ /^demo: # pci-lu-agent update /); sub(/^demo: /, ""); print; next }
	/^\[ *[0-9]+\.[0-9]+\] / {
		if ($0 ~ /\[ *0\.000000\] Linux version/) {
			inkexec = 0
			sub(/ \(.*\) #/, " #")
			print ""
		}
		if ($0 ~ /Linux version|KHO: found kexec handover data|luo: Retrieved|pci-lu: (preserved|frozen|retrieved|finished)|kexec_core: Starting new kernel/)
			print "  kernel " $0
		next
	}
	inkexec && !/^(PCILU-|init: )/ && $0 != "" { print "  " $0 }
'

# ---- the table: QEMU's trace is the witness ------------------------------------
TB=$TOP/tests/vm/trace-bm
preserved="0000:03:00.0 0000:02:00.0 0000:01:00.0 0000:00:04.0"
control=0000:04:00.0
problems=$run/demo-problems
: > "$problems"
[ "$rc" = 0 ] || echo "the guest flow failed (tests/vm/run status $rc; the first FAILED line above, TAP in ${VMDIR#"$TOP"/}/demo$SFX.tap)" >> "$problems"
marks=$("$TB" --marks "$trace" | awk '{ print $2 }' | sort -un | tr '\n' ' ')
table=1
for m in 30 31 1; do
	case " $marks" in *" $m "*) ;; *) table=0 ;; esac
done
[ "$table" = 1 ] || echo "the trace lacks the markers (30 before the kexec, 31 and 1 in the next kernel; found: ${marks:-none}): the kexec never completed" >> "$problems"
if [ "$table" = 1 ]; then
	# shellcheck disable=SC2086
	{
		"$TB" --bm-at 30 "$trace" $preserved $control
		"$TB" --count --from 30 --to 31 "$trace" $preserved $control
		"$TB" --bm-at 1 "$trace" $preserved $control
		# what the agent read back in the next kernel: "DMA <bdf> landed|lost N/M"
		for b in $preserved $control; do
			d=$(tr -d '\r' < "$serial" | sed -n "s/^demo:   DMA $b \(landed\|lost\) \([0-9]*\/[0-9]*\) bytes.*/\1 \2/p" | tail -n 1)
			echo "${b#0000:} ${d:-none}" | tr ' ' '_' | sed 's/_/ /'
		done
	} > "$run/demo-table.raw"
	echo
	echo "QEMU's trace of config writes (${trace#"$TOP"/}), Bus Master Enable (BM) per function:"
	awk -v ctl="${control#0000:}" -v out="$problems" '
		{ k[$1]++; v[$1, k[$1]] = $2; if (k[$1] == 1) order[++n] = $1 }
		END {
			role["03:00.0"] = "edu, opted in"; role["02:00.0"] = "switch downstream"
			role["01:00.0"] = "switch upstream"; role["00:04.0"] = "root port"
			role[ctl] = "edu, control"
			printf "  %-13s %-18s %-10s %-19s %-12s %s\n", "function", "role", "BM before", "BM-clearing writes", "BM in the", "DMA in flight at the kexec,"
			printf "  %-13s %-18s %-10s %-19s %-12s %s\n", "", "", "the kexec", "during the kexec", "next kernel", "read back in the next kernel"
			for (i = 1; i <= n; i++) {
				b = order[i]; before = v[b, 1]; clr = v[b, 2]; next_ = v[b, 3]; dma = v[b, 4]
				# a bridge'"'"'s BM in the next kernel cannot tell kept from
				# stock: the PCIe port driver sets it again when it binds
				bridge = (b != ctl && role[b] !~ /^edu/)
				if (b !~ /^0[34]:/) shown = "-"
				else { shown = dma; sub(/_/, " ", shown); shown = shown " bytes"; if (dma == "none") shown = "none (no agent check)" }
				printf "  0000:%-8s %-18s %-10s %-19s %-12s %s\n", b, role[b], before, clr, bridge ? "n/a*" : next_, shown
				if (b ~ /^03:/ && dma != "landed_2048/2048") printf "the DMA in flight at the kexec did not land on 0000:%s (%s)\n", b, shown >> out
				if (b == ctl && dma != "lost_0/2048") printf "the DMA in flight at the kexec was not lost on the control 0000:%s (%s)\n", b, shown >> out
				if (before != 1) printf "0000:%s had no Bus Master Enable before the kexec\n", b >> out
				if (b == ctl) {
					if (clr < 1) printf "the control 0000:%s was never cleared: the kexec did not stop it as stock Linux does\n", b >> out
				} else {
					if (clr != 0) printf "preservation broken: %d write(s) cleared Bus Master Enable on 0000:%s during the kexec\n", clr, b >> out
					if (!bridge && next_ != 1) printf "preservation broken: 0000:%s has no Bus Master Enable in the next kernel\n", b >> out
				}
			}
			print "  (before: trace marker 30, just before pci-lu-agent update; during: markers 30 -> 31, 31 being"
			print "   the next kernel'"'"'s first act in userspace; next kernel: marker 1, before anything sets BM)"
			print "  * n/a: the next kernel'"'"'s PCIe port driver sets a bridge'"'"'s BM again when it binds, so"
			print "    there it says nothing; the clearing writes during the kexec are the bridges'"'"' witness"
		}' "$run/demo-table.raw"
fi
echo
if [ -s "$problems" ]; then
	while IFS= read -r p; do say "FAILED: $p"; done < "$problems"
	[ -z "$brk" ] || say "(this run broke the preservation on purpose: PCILU_DEMO_BREAK=$brk)"
	say "console: ${serial#"$TOP"/}, trace: ${trace#"$TOP"/}"
	exit 1
fi
say "ok: 0000:03:00.0 and its 3 bridges kept Bus Master Enable across the kexec (0 clearing writes) and its DMA in flight landed; the control 0000:04:00.0 lost both"
exit 0
}
