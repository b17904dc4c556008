#!/usr/bin/env bats
# rmmod-race: unloading pci-lu-configfs while a preservation is being set
# up or held.  A preservation takes a reference on the frontend's module,
# so rmmod fails (EBUSY, "in use") until the preservation is over and the
# core never calls into unloaded module text (an item's last put, after a
# concurrent rmdir, runs the frontend's release function).  Only on a
# kernel with the configfs interface as a module (the base kernel; the
# debug kernel builds it in, and then there is nothing to unload).

load ../lib/common
load ../lib/pcilu

SECS=${PCILU_RACE_SECS:-60}

@test "rmmod pci-lu-configfs racing preserve/cancel for ${SECS}s: no crash, module reloads" {
	if pcilu_cfs_builtin; then
		skip "pci-lu-configfs is built in"
	fi
	rm -f /tmp/rmmod.stop
	(
		n=0 rm_ok=0
		while [ ! -e /tmp/rmmod.stop ]; do
			modprobe pci-lu-configfs 2>/dev/null || true
			mkdir "$PCILU_DEV/0000:03:00.0" 2>/dev/null || true
			rmdir "$PCILU_DEV/0000:03:00.0" 2>/dev/null || true
			rmmod pci-lu-configfs 2>/dev/null && rm_ok=$((rm_ok + 1))
			n=$((n + 1))
		done
		echo "cycles=$n rmmod_ok=$rm_ok" > /tmp/rmmod.a
	) &
	local end=$((SECONDS + SECS)) p=0
	while [ "$SECONDS" -lt "$end" ]; do
		pci-lu preserve --hold > /dev/null 2>&1 &
		sleep 0.2
		kill $! 2>/dev/null || true
		wait $! 2>/dev/null || true
		p=$((p + 1))
	done
	touch /tmp/rmmod.stop
	wait
	echo "# figures: rmmod race: $(cat /tmp/rmmod.a), preserve attempts $p" >&3
	# the race ran: the module was really unloaded between preservations
	[ "$(sed -n 's/.*rmmod_ok=\([0-9]*\).*/\1/p' /tmp/rmmod.a)" -ge 1 ]
	pcilu_load
	pcilu_clear
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	rmmod pci-lu-configfs
	modprobe pci-lu-configfs
}
