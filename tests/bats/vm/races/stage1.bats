#!/usr/bin/env bats
# races: the opt-in racing hot removal of its device and of a bridge of its
# path (opt-in runs under the PCI rescan/remove lock and refuses a function
# that is not added to the bus), and a preservation racing hot removal and
# attribute reads, each for PCILU_RACE_SECS (60) seconds on 2 vCPUs.
# Afterwards every reference is back: debugfs lists no node and no item,
# and the devices are there again.  The runner fails the scenario on any
# KASAN, lockdep or kmemleak report (debug kernel).
#
# The opt-in races check an invariant while they run (pcilu-try
# mkrm-check): an item made just before its device's sysfs entry is found
# gone must say "blocked: <bdf> removed".  Sound on correct code: the
# removal notifier (BUS_NOTIFY_DEL_DEVICE) marks the node removed before
# device_del() removes the sysfs entry, and an opt-in holds the rescan/
# remove lock, so an item made before the entry went had its node marked.
# Without that lock and the pci_dev_is_added() check, an opt-in landing
# after the notifier but before the function left the bus's device list
# (pci_get_domain_bus_and_slot() still finds it) made an item holding a
# removed pci_dev that said "ok": counted as stale.

load ../lib/common
load ../lib/pcilu

SECS=${PCILU_RACE_SECS:-60}

# remove BDF and rescan, in a loop, until the file $2 exists
remove_rescan_loop() {
	local n=0
	while [ ! -e "$2" ]; do
		[ ! -e "$(pcilu_sysfs "$1")/remove" ] || echo 1 > "$(pcilu_sysfs "$1")/remove" 2>/dev/null || true
		echo 1 > /sys/bus/pci/rescan
		n=$((n + 1))
	done
	echo "$n" > "$2.n"
}

nodes_and_items() {
	echo "nodes=$(wc -l < "$PCILU_DBG/nodes") $(grep -E '^items' "$PCILU_DBG/stats")"
}

# opt-in/opt-out of 0000:03:00.0 racing hot removal of $1 and rescan: no
# stale item; then every reference is back
optin_race() {
	local item=$PCILU_DEV/0000:03:00.0
	pcilu_load
	rm -f /tmp/race-optin.stop
	remove_rescan_loop "$1" /tmp/race-optin.stop &
	run pcilu-try -n 100000000 -t "$SECS" mkrm-check "$item" "$item/status" "$(pcilu_sysfs 03:00.0)"
	touch /tmp/race-optin.stop
	wait
	echo "# figures: opt-in race with removal of $1: $output, remove/rescan cycles $(cat /tmp/race-optin.stop.n)" >&3
	assert_output --regexp 'ops=[0-9]+ .*OK=[0-9]+.* gone=[0-9]+ stale=[0-9]+$'
	assert_output --regexp ' stale=0$'
	echo 1 > /sys/bus/pci/rescan
	pcilu_clear
	assert_equal "$(nodes_and_items)" "nodes=0 items 0"
	[ -d "$(pcilu_sysfs 03:00.0)" ]
}

@test "opt-in/opt-out of 0000:03:00.0 racing hot removal and rescan of its bridge 0000:02:00.0 for ${SECS}s: items of gone functions say removed, every reference back" {
	optin_race 02:00.0
}

@test "opt-in/opt-out of 0000:03:00.0 racing its own hot removal and rescan for ${SECS}s: items of gone functions say removed, every reference back" {
	optin_race 03:00.0
}

@test "preserve/cancel racing hot removal of the control edu and attribute reads for ${SECS}s" {
	mkdir "$PCILU_DEV/0000:03:00.0"
	mkdir "$PCILU_DEV/0000:04:00.0"
	rm -f /tmp/race2.stop
	remove_rescan_loop 04:00.0 /tmp/race2.stop &
	pcilu-try -n 100000000 -t "$SECS" read "$PCILU_DEV"/*/status "$PCILU_CFS/state" > /tmp/race2.reads &
	local end=$((SECONDS + SECS)) cycles=0
	while [ "$SECONDS" -lt "$end" ]; do
		pci-lu preserve --hold > /dev/null 2>&1 &
		sleep 0.3
		kill $! 2>/dev/null || true
		wait $! 2>/dev/null || true
		cycles=$((cycles + 1))
	done
	touch /tmp/race2.stop
	wait
	echo "# figures: preserve race: $cycles preserve/cancel cycles, reads $(cat /tmp/race2.reads), remove/rescan cycles $(cat /tmp/race2.stop.n)" >&3
	pcilu_wait_state idle
	echo 1 > /sys/bus/pci/rescan
	pcilu_clear
	assert_equal "$(nodes_and_items)" "nodes=0 items 0"
	[ -d "$(pcilu_sysfs 04:00.0)" ]
}
