# shellcheck shell=bash
# Helpers for guest bats files:   load ../lib/common
# (bats-support and bats-assert are loaded too.)
bats_load_library bats-support
bats_load_library bats-assert

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
