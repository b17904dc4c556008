#!/bin/sh
# make demo: boot our kernel in the test VM, show LUO (/dev/liveupdate) and
# configfs, kexec with KHO into a second kernel and show the handover.
# The guest script is tests/vm/demo-guest; the full console stays in
# build/vm/demo/serial.log.
set -eu
# (one compound command: the shell parses the whole file before running it,
# so editing this script during a run cannot derail the run)
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=demo
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"

rc=0
"$TOP/tests/vm/run" -n "demo$SFX" -c "$(cat "$TOP/tests/vm/demo-guest")" demo > "$VMDIR/demo$SFX.tap" 2>&1 || rc=$?
serial=$VMDIR/demo$SFX/serial.log
# the viewer's lines, plus the kernel's own words on versions, kexec and KHO
grep -a -E '^demo: |Linux version|KHO: found kexec handover data|luo: Retrieved|kexec_core: Starting new kernel' "$serial" \
	| tr -d '\r' | sed -e 's/^demo: //' -e 's/^\(\[ *[0-9.]*\]\)/  kernel \1/'
if [ "$rc" = 0 ]; then
	say "ok (console: ${serial#"$TOP"/})"
else
	cat "$VMDIR/demo$SFX.tap" >&2
	die "the demo failed (console: ${serial#"$TOP"/})"
fi
exit
}
