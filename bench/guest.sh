# shellcheck shell=sh
# bench/guest.sh: the guest side of the kexec benchmark (bench/run).  Passed
# to tests/vm/run -c, so /init runs it with `sh -e` in every stage, i.e. after
# every kexec (the rootfs is re-packed as the next initrd each time).
# bench/run prepends one line:  SCHEDULE="plain 1 plain 16 ..."
# Stage K (pcilu_stage=K on the command line) does the K-th kexec of the
# schedule; stage N+1 only finishes.  Topology: bench/qemu-args (256 edu
# functions behind 32 switch downstream ports, buses 07-26).
# Configurations: plain, 1, 16, 64, 256 (opted-in devices), memfd (a LUO
# memfd session, no pci-lu; needs /usr/bin/luo-memfd, which bench/run adds).
# bench-tsc and bench-setbm come in bench/run's extra initrd as well.
#
# Console lines for bench/analyze (the host side):
#   BENCH-ENUM edu=N bridges=N           stage 1: what the guest enumerated
#   BENCH-KEXEC stage=K config=C devices=N    just before the timed window
#   BENCH-STAGE stage=K prev=C incoming=N     the next kernel is up
#   BENCH-KEXEC-E stage=K   (kernel log, /dev/kmsg) right before `kexec -e`
#   BENCH-TRACE freeze stage=K devices=D bridges=B ret=R ns=T0 T1
#                           the previous kernel's pci_lu_freeze_begin/_end
#                           tracepoints (local clock, ns), from the persistent
#                           trace instance "pcilu"; K is the previous stage
#                           (under KASLR the fields come as nr_devices=0x1 (1)
#                           and so on; bench/analyze.py reads both)
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
# recording the retrieval tracepoints from boot on the TSC
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
	256)
		b=7
		while [ $b -le 38 ]; do
			for f in 0 1 2 3 4 5 6 7; do printf '0000:%02x:00.%d\n' $b $f; done
			b=$((b + 1))
		done
		;;
	*) echo "bench: unknown configuration $1" >&2; exit 2 ;;
	esac
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
	bench-setbm $CONTROL
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
		# the freeze: its fields from the default format, its timestamps
		# in ns from the raw one ("PID CPU TS type: ID"; the default
		# format prints the local clock in µs)
		f=$(trace_pair "$PTR/trace" pci_lu_freeze_begin pci_lu_freeze_end)
		echo 1 > "$PTR/options/raw"
		ns=$(awk -v b="$(cat "$PTR/events/pci_lu/pci_lu_freeze_begin/id")" \
			-v e="$(cat "$PTR/events/pci_lu/pci_lu_freeze_end/id")" '
			$4 == "type:" && $5 == b { t0 = $3 }
			$4 == "type:" && $5 == e { t1 = $3 }
			END { if (t0 != "" && t1 != "") print " ns=" t0 " " t1 }' "$PTR/trace")
		echo 0 > "$PTR/options/raw"
		r=$(trace_pair "$TR/trace" pci_lu_retrieve_begin pci_lu_retrieve_end)
		echo "BENCH-TRACE freeze stage=$((stage - 1))${f%% tsc=*}$ns"
		echo "BENCH-TRACE retrieve stage=$stage$r"
	fi
else
	edu=$(grep -l 0x11e8 /sys/bus/pci/devices/*/device | wc -l)
	br=$(grep -l '^0x0604' /sys/bus/pci/devices/*/class | wc -l)
	echo "BENCH-ENUM edu=$edu bridges=$br"
	[ "$edu" = 258 ] || { echo "bench: expected 258 edu devices, found $edu" >&2; exit 1; }
	for d in $(devs 256); do
		[ -e "/sys/bus/pci/devices/$d" ] || { echo "bench: no bench edu at $d" >&2; exit 1; }
	done
	bench-setbm $CONTROL
	# the configfs interface (a module in the base kernel): loaded in
	# every stage, whatever the configuration
	[ -d $CFS ] || modprobe pci-lu-configfs
fi

# this kernel's freeze goes to the persistent instance, on its default
# clock ("local": sched_clock, the printk clock, in ns).  Not x86-tsc: a
# boot-mapped instance whose previous boot used another clock than the
# default is switched to it at boot (setup_trace_scratch() ->
# tracing_set_clock()), which resets the buffers of the CPUs online then,
# i.e. wipes the boot CPU's previous-boot events (bench/README.md).
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
# as if a driver owned it (a clear is only written when the bit is set):
# one 16-bit config write per function, as pci_set_master() does
# shellcheck disable=SC2046
bench-setbm $(devs 256)
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
