# shellcheck shell=bash
# Helpers for guest bats files:   load ../lib/common
# (bats-support and bats-assert are loaded too.)
bats_load_library bats-support
bats_load_library bats-assert

# "<bdf> <runtime PM usage count>" for each BDF given, or for every PCI
# function; fails if a count cannot be read (power/runtime_usage needs
# CONFIG_PM_ADVANCED_DEBUG: without it a comparison of two empty lists
# would pass whatever the holds did)
pcilu_rpm_usage() {
	local d n
	if [ $# = 0 ]; then
		set -- /sys/bus/pci/devices/*
	fi
	for d in "$@"; do
		d=$(pcilu_sysfs "${d##*/}")
		n=$(cat "$d/power/runtime_usage") || return 1
		[ -n "$n" ] || return 1
		echo "${d##*/} $n"
	done
}

# the handed-over or preserved path of the edu 0000:03:00.0 is held: a reset
# of the edu and bus resets below 02:00.0 and 00:04.0 fail with EBUSY, the
# edu and 02:00.0 logging the refusal, and the edu keeps Bus Master Enable
pcilu_assert_path_resets_refused() {
	run pcilu-try write "$(pcilu_sysfs 03:00.0)/reset" 1
	assert_output EBUSY
	run pcilu-try write "$(pcilu_sysfs 02:00.0)/reset_subordinate" 1
	assert_output EBUSY
	run pcilu-try write "$(pcilu_sysfs 00:04.0)/reset_subordinate" 1
	assert_output EBUSY
	dmesg | grep -q '0000:03:00.0: reset refused: held by a live update'
	dmesg | grep -q '0000:02:00.0: reset refused: held by a live update'
	assert_equal "$(pcilu_bm 03:00.0)" 1
}

# sysfs directory of a device; BDF may be short (03:00.0)
pcilu_sysfs() {
	case $1 in
	????:??:??.?) echo "/sys/bus/pci/devices/$1" ;;
	*) echo "/sys/bus/pci/devices/0000:$1" ;;
	esac
}

# COMMAND register as 4 hex digits, read from config space
pcilu_command() {
	od -An -tx2 -j4 -N2 "$(pcilu_sysfs "$1")/config" | tr -d ' \n'
}

# Bus Master Enable of BDF: 0 or 1
pcilu_bm() {
	echo $(( (0x$(pcilu_command "$1") >> 2) & 1 ))
}

# set Bus Master Enable of BDF to 0 or 1: one 16-bit config write at offset 4
pcilu_set_bm() {
	local cmd new
	cmd=$((0x$(pcilu_command "$1")))
	if [ "$2" = 1 ]; then new=$((cmd | 4)); else new=$((cmd & ~4)); fi
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x' $((new & 0xff)) $((new >> 8)))" \
		| dd of="$(pcilu_sysfs "$1")/config" bs=2 seek=2 count=1 conv=notrunc 2>/dev/null
	[ "$(pcilu_bm "$1")" = "$2" ]
}

# leave marker N (0..29; 30 and 31 belong to /init) in the QEMU trace
pcilu_mark() {
	pcilu-mark "$1"
}
