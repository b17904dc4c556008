# shellcheck shell=sh
# bench/guest.sh: the guest side of the kexec benchmark (bench/run).  Passed
# to tests/vm/run -c, so /init runs it with `sh -e` in every stage, i.e. after
# every kexec (the rootfs is re-packed as the next initrd each time).
# bench/run prepends one line:  SCHEDULE="plain 1 plain 16 ..."
# Stage K (pcilu_stage=K on the command line) does the K-th kexec of the
# schedule; stage N+1 only finishes.  Topology: bench/qemu-args.
# Configurations: plain, 1, 16, 64 (opted-in devices), memfd (a LUO memfd
# session, no pci-lu; needs /usr/bin/luo-memfd, which bench/run adds).
#
# Console lines for bench/analyze (the host side):
#   BENCH-ENUM edu=N bridges=N           stage 1: what the guest enumerated
#   BENCH-KEXEC stage=K config=C devices=N    just before the timed window
#   BENCH-STAGE stage=K prev=C incoming=N     the next kernel is up
#   BENCH-KEXEC-E stage=K   (kernel log, /dev/kmsg) right before `kexec -e`
#   BENCH-TRACE freeze stage=K devices=D bridges=B ret=R tsc=T0 T1
#                           the previous kernel's pci_lu_freeze_begin/_end
#                           tracepoints (TSC timestamps), from the persistent
#                           trace instance "pcilu"; K is the previous stage
#   BENCH-TRACE retrieve stage=K count=N ret=R tsc=T0 T1
#                           this kernel's pci_lu_retrieve_begin/_end
#                           tracepoints, from the global trace instance
#   BENCH-END stages=N      the last stage
# Trace markers (pcilu-mark): 1 = just before `kexec -e` (start of the timed
# window); /init leaves 31 first thing in stage 2+ (end of the window).
CONTROL=0000:04:00.0
CFS=/sys/kernel/config/pci-lu
TR=/sys/kernel/tracing
# bench/run's kernel parameters: a trace instance "pcilu" in memory that
# survives the kexec (memmap= + trace_instance=), the global instance
# recording the retrieval tracepoints from boot, both on the TSC
PTR=$TR/instances/pcilu
[ -d $TR/instances ] || mount -t tracefs nodev $TR
stage=$(sed -n 's/.*pcilu_stage=\([0-9]*\).*/\1/p' /proc/cmdline)

# the opted-in devices of a configuration: edu functions behind 00:06.0
devs() {
	case $1 in
	plain | memfd) ;;
	1) echo 0000:07:00.0 ;;
	16) for b in 07 08 09 0a 0b 0c 0d 0e; do echo "0000:$b:00.0 0000:$b:00.1"; done ;;
	64) for b in 07 08 09 0a 0b 0c 0d 0e; do for f in 0 1 2 3 4 5 6 7; do echo "0000:$b:00.$f"; done; done ;;
	*) echo "bench: unknown configuration $1" >&2; exit 2 ;;
	esac
}

# Bus Master Enable on, one 16-bit write to COMMAND (what a driver's
# pci_set_master() does); memory decode on too
set_bm() {
	cf=/sys/bus/pci/devices/$1/config
	cmd=$(od -A n -t x2 -j 4 -N 2 "$cf" | tr -d ' ')
	new=$((0x$cmd | 6))
	[ "$new" != $((0x$cmd)) ] || return 0
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o\\%03o' $((new & 0xff)) $((new >> 8)))" |
		dd of="$cf" bs=2 seek=2 count=1 conv=notrunc 2>/dev/null
}

# "<begin event> <end event>" of a trace file: the fields of the end event
# and both TSC timestamps, or nothing if one is missing
trace_pair() {
	awk -v b="$2:" -v e="$3:" '
		$0 ~ " " b " " { for (i = 1; i <= NF; i++) if ($i == b) t0 = $(i - 1) }
		$0 ~ " " e " " { for (i = 1; i <= NF; i++) if ($i == e) { t1 = $(i - 1); f = "" ; for (j = i + 1; j <= NF; j++) f = f " " $j } }
		END { if (t0 != "" && t1 != "") { sub(":", "", t0); sub(":", "", t1); print f " tsc=" t0 " " t1 } }' "$1"
}

if [ "$stage" -gt 1 ]; then
	bench-tsc init
	# the control device (not opted in): a "driver probe" re-enables its
	# Bus Master Enable after a short fixed delay
	usleep 50000
	set_bm $CONTROL
	[ -d $CFS ] || modprobe pci-lu-configfs
	# shellcheck disable=SC2086 # split on purpose
	set -- $SCHEDULE
	shift $((stage - 2))
	prev=$1
	inc=0
	if [ "$prev" = memfd ]; then
		luo-memfd --stage 2 >/tmp/memfd2.out 2>&1 || { cat /tmp/memfd2.out; exit 1; }
	elif [ "$prev" != plain ]; then
		inc=$(grep -c . "$CFS/incoming" || true)
		pci-lu finish >/dev/null
	fi
	echo "BENCH-STAGE stage=$stage prev=$prev incoming=$inc"
	# the tracepoints: the previous kernel's freeze (reading the last
	# boot's data before anything enables events there) and this kernel's
	# retrieval
	if [ "$prev" != plain ] && [ "$prev" != memfd ]; then
		f=$(trace_pair "$PTR/trace" pci_lu_freeze_begin pci_lu_freeze_end)
		r=$(trace_pair "$TR/trace" pci_lu_retrieve_begin pci_lu_retrieve_end)
		echo "BENCH-TRACE freeze stage=$((stage - 1))$f"
		echo "BENCH-TRACE retrieve stage=$stage$r"
	fi
else
	edu=$(grep -l 0x11e8 /sys/bus/pci/devices/*/device | wc -l)
	br=$(grep -l '^0x0604' /sys/bus/pci/devices/*/class | wc -l)
	echo "BENCH-ENUM edu=$edu bridges=$br"
	[ "$edu" = 66 ] || { echo "bench: expected 66 edu devices, found $edu" >&2; exit 1; }
	set_bm $CONTROL
	# the configfs interface (a module in the base kernel): loaded in
	# every stage, whatever the configuration
	[ -d $CFS ] || modprobe pci-lu-configfs
fi

# this kernel's freeze goes to the persistent instance, on the TSC (the
# next kernel reads it with this clock)
echo x86-tsc > "$PTR/trace_clock"
echo 1 > "$PTR/events/pci_lu/pci_lu_freeze_begin/enable"
echo 1 > "$PTR/events/pci_lu/pci_lu_freeze_end/enable"

# shellcheck disable=SC2086 # split on purpose
set -- $SCHEDULE
if [ "$stage" -gt $# ]; then
	echo "BENCH-END stages=$stage clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	exit 0
fi
shift $((stage - 1))
cur=$1

# every edu of the bench topology has Bus Master Enable on before the kexec,
# as if a driver owned it (a clear is only written when the bit is set)
for d in $(devs 64); do set_bm "$d"; done
n=0
if [ "$cur" = memfd ]; then
	# control: a LUO session with a memfd and no pci-lu (the kernel's own
	# luo_kexec_simple selftest, stage 1 forks a child that holds it)
	luo-memfd --stage 1 >/tmp/memfd1.out 2>&1 || { cat /tmp/memfd1.out; exit 1; }
elif [ "$cur" != plain ]; then
	# shellcheck disable=SC2046
	pci-lu add $(devs "$cur") >/dev/null
	n=$(find "$CFS/devices" -mindepth 1 -maxdepth 1 | wc -l)
	pci-lu preserve --hold >/tmp/hold.out 2>&1 &
	i=0
	while [ "$(cat $CFS/state)" != preserved ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat /tmp/hold.out; echo "bench: preserve --hold did not preserve" >&2; exit 1; }
		usleep 20000
	done
fi
initrd=$(pcilu-next-initrd)
append=$(sed "s/pcilu_stage=$stage/pcilu_stage=$((stage + 1))/" /proc/cmdline)
kexec -s -l /boot/bzImage --initrd="$initrd" --append="$append"
echo "BENCH-KEXEC stage=$stage config=$cur devices=$n"
# guest-clock start of the shutdown phase (ends at "kexec_core: Starting new kernel")
echo "BENCH-KEXEC-E stage=$stage" > /dev/kmsg
pcilu-mark 1
bench-tsc kexec
kexec -e
echo "bench: kexec -e returned" >&2
exit 1
