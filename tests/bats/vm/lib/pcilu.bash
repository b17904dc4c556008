# shellcheck shell=bash
# pci-lu helpers for guest bats files:   load ../lib/common; load ../lib/pcilu
# One owner for the configfs and debugfs paths of the kernel side.

PCILU_CFS=/sys/kernel/config/pci-lu
PCILU_DEV=$PCILU_CFS/devices
PCILU_DBG=/sys/kernel/debug/pci-lu

# the configfs interface is a module in the base kernel, built in in the
# debug kernel
pcilu_cfs_builtin() {
	grep -q 'pci-lu-configfs.ko' "/lib/modules/$(uname -r)/modules.builtin"
}

pcilu_load() {
	[ -d "$PCILU_CFS" ] || modprobe pci-lu-configfs
	[ -d "$PCILU_CFS" ]
}

# remove every opted-in device (between tests)
pcilu_clear() {
	local d
	for d in "$PCILU_DEV"/*; do
		[ -d "$d" ] && rmdir "$d"
	done
	return 0
}

# number of kernel log lines matching an extended regex
pcilu_klog_count() {
	dmesg | grep -cE "$1" || true
}

# mkdir in devices/ that must fail with the strerror text $2 and leave
# exactly one "pci-lu: <name>: refused: ..." kernel log line ($3: the
# name as the log shows it, default the name itself)
pcilu_refuse() {
	local name=$1 err=$2 logname=${3:-$1} before after
	before=$(pcilu_klog_count "pci-lu: .*refused")
	run mkdir "$PCILU_DEV/$name"
	assert_failure
	assert_output --partial "$err"
	[ ! -e "$PCILU_DEV/$name" ] || fail "'$name' was created"
	after=$(pcilu_klog_count "pci-lu: .*refused")
	assert_equal "$((after - before))" 1
	dmesg | tail -n 1 | grep -qF "pci-lu: $logname: refused" ||
		fail "last log line does not name '$logname': $(dmesg | tail -n 1)"
}

# users=N of a node in debugfs, or "none"
pcilu_users() {
	local u
	u=$(awk -v b="$1" '$1 == b { sub("users=", "", $3); print $3 }' "$PCILU_DBG/nodes")
	echo "${u:-none}"
}

# wait up to 10 s for state $1
pcilu_wait_state() {
	local i
	for i in $(seq 50); do
		[ "$(cat $PCILU_CFS/state)" = "$1" ] && return 0
		sleep 0.2
	done
	fail "state is $(cat $PCILU_CFS/state), not $1"
}

# start "pci-lu preserve --hold" in the background; PCILU_HOLDER is its pid
pcilu_hold() {
	pci-lu preserve --hold > /tmp/pcilu-hold.out 2>&1 &
	PCILU_HOLDER=$!
	pcilu_wait_state preserved
}

# memory decode on, so that edu-dma can reach BAR0; Bus Master Enable on
pcilu_enable_dma() {
	echo 1 > "$(pcilu_sysfs "$1")/enable"
	pcilu_set_bm "$1" 1
}

# Bus Master Enable on for $1 (a short or full BDF), then opt it in: status ok
pcilu_opt_in_mastering() {
	local bdf
	bdf=$(basename "$(pcilu_sysfs "$1")")
	pcilu_set_bm "$1" 1
	pcilu_load
	mkdir "$PCILU_DEV/$bdf"
	assert_equal "$(cat "$PCILU_DEV/$bdf/status")" ok
}

# a configfs text file ($1) ends with a newline and holds no NUL byte
pcilu_assert_text() {
	assert_equal "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" 0a
	assert_equal "$(tr -d '\000' < "$1" | wc -c)" "$(wc -c < "$1")"
}
