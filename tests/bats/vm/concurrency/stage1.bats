#!/usr/bin/env bats
# concurrency: several processes hammer configfs and debugfs at once (topology
# of shared-bridges: 0000:03:00.0 and 0000:04:00.0 share the root port
# 0000:00:04.0 and the switch upstream port 0000:01:00.0; 0000:05:00.0 is on
# its own root port 0000:00:05.0) while another one cycles
# `pci-lu preserve --hold` -> cancel (SIGTERM, every 4th cycle SIGKILL).
# Every loop is bounded in count AND in time.  Afterwards the state must be
# consistent: state idle, one configfs directory per item, the debugfs users=
# counts exactly what the surviving items need, and (debug kernel) kmemleak
# finds nothing after the set is emptied.

load ../lib/common
load ../lib/pcilu

OUT=/tmp/concurrency
# per-worker bounds: iterations, and seconds (the debug kernel is ~4x slower)
ITER=400
SECS=10

setup() {
	pcilu_load
	[ "$PCILU_VARIANT" != debug ] || SECS=30
	mkdir -p $OUT
}

figure() {
	echo "# figures: $*" >&3
}

# pcilu-try's loop mode (no fork per operation): "ops=N OK=.. ERRNAME=.."
# -> "N BAD" where BAD counts errnos outside the allowed list $2
tally() {	# tally NAME "ALLOWED..." < pcilu-try output
	local line ops w bad=0
	read -r line
	echo "$line" > $OUT/$1.raw
	ops=${line%% *} ops=${ops#ops=}
	for w in ${line#* }; do
		case " $2 " in *" ${w%%=*} "*) ;; *) bad=$((bad + ${w#*=})); echo "$1: $w" >> $OUT/$1.bad ;; esac
	done
	echo "$ops $bad" > $OUT/$1.count
}

# opt in and out of one BDF: EEXIST/ENOENT (another worker won the race) and
# EBUSY (preserved) are fine, any other errno is wrong
w_mkrm() {	# w_mkrm NAME BDF
	pcilu-try -n $((ITER * 10)) -t $SECS mkrm $PCILU_DEV/$2 | tally $1 "OK EEXIST ENOENT EBUSY"
}

# read everything there is to read; files may vanish under us (ENOENT)
w_read() {	# w_read NAME
	pcilu-try -n $((ITER * 10)) -t $SECS read $PCILU_CFS/state $PCILU_CFS/incoming $PCILU_CFS/version \
		$PCILU_DBG/nodes $PCILU_DBG/stats \
		$PCILU_DEV/0000:0{3,4,5}:00.0/{path,status,bus_master,saved_bus_master} | tally $1 "OK ENOENT"
}

# preserve --hold, let it hold a moment, cancel; refusals (a blocked or
# changing set, or nothing opted in) are counted, not errors
w_hold() {	# w_hold NAME
	local i=0 ok=0 refused=0 pid j st end=$((SECONDS + SECS)) sig
	while [ $i -lt $((ITER / 8)) ] && [ $SECONDS -lt $end ]; do
		pci-lu preserve --hold > $OUT/hold.out 2>&1 &
		pid=$!
		st=
		for j in $(seq 20); do
			st=$(cat $PCILU_CFS/state)
			[ "$st" = preserved ] && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.05
		done
		sig=TERM
		[ $((i % 4)) != 3 ] || sig=KILL
		kill -$sig $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		if [ "$st" = preserved ]; then ok=$((ok + 1)); else refused=$((refused + 1)); fi
		i=$((i + 1))
	done
	echo "$((2 * i)) 0 $ok $refused" > $OUT/$1.count
}

expected_users() {	# the users= each node must have for the items in configfs
	local d
	for d in $PCILU_DEV/*; do
		[ -d "$d" ] || continue
		case ${d##*/} in
		0000:03:00.0) echo 0000:00:04.0 0000:01:00.0 0000:02:00.0 0000:03:00.0 ;;
		0000:04:00.0) echo 0000:00:04.0 0000:01:00.0 0000:02:01.0 0000:04:00.0 ;;
		0000:05:00.0) echo 0000:00:05.0 0000:05:00.0 ;;
		esac
	done | tr ' ' '\n' | sort | uniq -c | awk '{ print $2, "users=" $1 }'
}

actual_users() {
	awk '{ print $1, $3 }' $PCILU_DBG/nodes | sort
}

@test "topology: two edus behind the switch, one on its own root port" {
	for b in 03:00.0 04:00.0 05:00.0; do
		[ -d "$(pcilu_sysfs $b)" ] || fail "$b missing"
	done
	# runtime PM usage counts before the storm (pci-lu's hold takes one)
	pcilu_rpm_usage > /tmp/rpm-usage-before
}

# totals of the workers' counters: sets total (operations) and bad (wrong errnos)
sum_counts() {
	local f ops b
	total=0 bad=0
	for f in $OUT/*.count; do
		read -r ops b _ < $f
		total=$((total + ops)) bad=$((bad + b))
	done
}

@test "concurrency: 2 x mkdir/rmdir of one BDF, 1 of another behind the same bridges, a reader, a preserve/cancel cycler" {
	rm -f $OUT/*
	mkdir $PCILU_DEV/0000:05:00.0	# so that preserve has something to hold
	w_mkrm a 0000:03:00.0 &
	w_mkrm b 0000:03:00.0 &
	w_mkrm c 0000:04:00.0 &
	w_read r &
	w_hold h &
	wait
	sum_counts
	read -r _ _ hok hrefused < $OUT/h.count
	echo "# $(cat $OUT/*.raw | tr '\n' ' ')" >&3
	figure "concurrent operations run=$total (mkdir/rmdir/read/preserve/cancel), preserve cycles held=$hok refused=$hrefused, wrong errnos=$bad"
	[ "$bad" = 0 ] || fail "$(cat $OUT/*.bad)"
	[ "$hok" -gt 0 ] || fail "no preserve cycle ever held the set"
}

@test "after the storm: state idle, items == directories, users= == what the items need" {
	pcilu_wait_state idle
	local dirs items
	dirs=$(ls $PCILU_DEV | wc -l)
	items=$(awk '$1 == "items" { print $2 }' $PCILU_DBG/stats)
	assert_equal "$items" "$dirs"
	assert_equal "$(actual_users)" "$(expected_users)"
	for d in $PCILU_DEV/*; do
		assert_equal "$(cat $d/status)" ok
	done
}

@test "after the storm: no function carries the hold: resets work, runtime PM usage counts are back" {
	local d
	pcilu_rpm_usage > /tmp/rpm-usage-after
	run diff /tmp/rpm-usage-before /tmp/rpm-usage-after
	assert_success
	for d in 03:00.0 04:00.0 05:00.0; do
		run pcilu-try write "$(pcilu_sysfs $d)/reset" 1
		assert_output OK
	done
	run pcilu-try write "$(pcilu_sysfs 02:00.0)/reset_subordinate" 1
	assert_output OK
}

@test "after the storm: the set still preserves and cancels, and empties to no nodes" {
	mkdir -p $PCILU_DEV/0000:03:00.0 $PCILU_DEV/0000:04:00.0
	assert_equal "$(actual_users)" "$(expected_users)"
	pcilu_hold
	kill -TERM $PCILU_HOLDER
	wait $PCILU_HOLDER || true
	pcilu_wait_state idle
	pcilu_clear
	run grep -E '^(items|nodes) ' $PCILU_DBG/stats
	assert_output $'items 0\nnodes 0'
	assert_equal "$(cat $PCILU_DBG/nodes)" ''
}

# A preservation holds every node under pci_lu.lock, drops the lock and
# then pins the items; an rmdir in between destroys an item whose nodes
# are held.  Its last node put must release the hold, or the former member
# keeps refusing resets and keeps a runtime PM reference until reboot.
# 0000:05:00.0 sits alone on root port 00:05.0, so its rmdir frees both
# nodes; 0000:03:00.0 stays opted in so that every preserve has a set.
@test "rmdir racing preserve (tight loops, ${SECS}s): no hold outlives its item: resets of the former member work, runtime PM usage counts are back" {
	local d hits
	pcilu_wait_state idle
	[ -d $PCILU_DEV/0000:03:00.0 ] || mkdir $PCILU_DEV/0000:03:00.0
	[ ! -d $PCILU_DEV/0000:05:00.0 ] || rmdir $PCILU_DEV/0000:05:00.0
	pcilu_rpm_usage > /tmp/rpm-before-race
	# a preserve and its cancel log a line each: keep them off the console
	echo 1 > /proc/sys/kernel/printk
	pcilu-preserve-loop $SECS > $OUT/pl.out &
	pcilu-try -n 100000000 -t $SECS mkrm $PCILU_DEV/0000:05:00.0 > $OUT/mkrm.out || true
	wait
	echo 7 > /proc/sys/kernel/printk
	[ ! -d $PCILU_DEV/0000:05:00.0 ] || rmdir $PCILU_DEV/0000:05:00.0
	# EBUSY: the pin of an item found it being removed (the window)
	hits=$(sed -n 's/.*EBUSY=\([0-9]*\).*/\1/p' $OUT/pl.out)
	figure "preserve/cancel: $(cat $OUT/pl.out); mkdir/rmdir of 0000:05:00.0: $(cat $OUT/mkrm.out); preserves that lost an item to rmdir: ${hits:-0}"
	[ "${hits:-0}" -gt 0 ] || fail "no preserve lost an item to an rmdir: the race window was never hit"
	pcilu_wait_state idle
	pcilu_rpm_usage > /tmp/rpm-after-race
	run diff /tmp/rpm-before-race /tmp/rpm-after-race
	assert_success
	run pcilu-try write "$(pcilu_sysfs 05:00.0)/reset" 1
	assert_output OK
	run pcilu-try write "$(pcilu_sysfs 00:05.0)/reset_subordinate" 1
	assert_output OK
}

@test "second round on different BDFs only: one mkdir/rmdir worker per BDF plus the cycler" {
	rm -f $OUT/*
	mkdir $PCILU_DEV/0000:05:00.0
	w_mkrm a 0000:03:00.0 &
	w_mkrm c 0000:04:00.0 &
	w_read r &
	w_hold h &
	wait
	sum_counts
	figure "concurrent operations run=$total (round 2), wrong errnos=$bad"
	[ "$bad" = 0 ] || fail "$(cat $OUT/*.bad)"
	pcilu_wait_state idle
	assert_equal "$(actual_users)" "$(expected_users)"
	pcilu_clear
	assert_equal "$(cat $PCILU_DBG/nodes)" ''
}
