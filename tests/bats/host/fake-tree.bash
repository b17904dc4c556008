# shellcheck shell=bash
# Fake tree for running pci-lu without a kernel (pci-lu --root / PCI_LU_ROOT):
# sysfs PCI devices nested like the q35 test VM's topology, a fake configfs
# /sys/kernel/config/pci-lu, /proc/{mounts,cmdline} and an empty /dev.
#
# As a library (bats: load fake-tree):
#   fake_tree ROOT                       the whole tree, nothing opted in
#   fake_pci_dev ROOT PARENT BDF VENDOR DEVICE CLASS [CMD]
#   fake_optin ROOT BDF [STATUS] [BUS_MASTER] [SAVED] [PATH]
#   fake_incoming ROOT LINE...           replace the incoming records
# As a script: bash fake-tree.bash ROOT
#
# Topology (BDFs as the guest sees them):
#   0000:00:00.0 host bridge
#   0000:00:04.0 root port > 01:00.0 upstream > 02:00.0 downstream > 03:00.0 edu
#   0000:00:05.0 root port > 04:00.0 edu (control)

FAKE_HOST=pci0000:00

# 256 bytes of config space: vendor, device, command, class, header type
_fake_config() {
	local v=$1 d=$2 c=$3 cmd=$4 ht=$5
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x' $((v & 255)) $((v >> 8)) $((d & 255)) \
		$((d >> 8)) $((cmd & 255)) $((cmd >> 8)) 0 0 0 $((c & 255)) \
		$(((c >> 8) & 255)) $((c >> 16)) 0 0 "$ht")"
	head -c 241 /dev/zero
}

# fake_pci_dev ROOT PARENT BDF VENDOR DEVICE CLASS [COMMAND]
# PARENT is the device's directory below sys/devices ("pci0000:00" or
# "pci0000:00/0000:00:04.0"); prints the new directory's PARENT form.
fake_pci_dev() {
	local root=$1 parent=$2 bdf=$3 vendor=$4 device=$5 class=$6
	local cmd=${7:-0x0103} dir ht=0
	dir=$root/sys/devices/$parent/$bdf
	mkdir -p "$dir" "$root/sys/bus/pci/devices"
	printf '0x%04x\n' "$vendor" >"$dir/vendor"
	printf '0x%04x\n' "$device" >"$dir/device"
	printf '0x%06x\n' "$class" >"$dir/class"
	[ $((class >> 8)) -ne $((0x0604)) ] || ht=1
	_fake_config "$vendor" "$device" "$class" "$cmd" "$ht" >"$dir/config"
	ln -sfn "../../../devices/$parent/$bdf" "$root/sys/bus/pci/devices/$bdf"
	echo "$parent/$bdf"
}

# fake_optin ROOT BDF [STATUS] [BUS_MASTER] [SAVED] [PATH]: what the kernel's
# mkdir devices/BDF shows
fake_optin() {
	local dir=$1/sys/kernel/config/pci-lu/devices/$2
	mkdir -p "$dir"
	echo "${3:-ok}" >"$dir/status"
	echo "${4:-1}" >"$dir/bus_master"
	echo "${5:--}" >"$dir/saved_bus_master"
	echo "${6:-0000:00:04.0/00.0/00.0/00.0}" >"$dir/path"
}

fake_incoming() {
	local f=$1/sys/kernel/config/pci-lu/incoming
	shift
	: >"$f"
	[ $# -eq 0 ] || printf '%s\n' "$@" >"$f"
}

# configfs incoming_reasons, one "<bdf> <mismatch|missing|version-mismatch> <reason>" per argument
fake_incoming_reasons() {
	local f=$1/sys/kernel/config/pci-lu/incoming_reasons
	shift
	: >"$f"
	[ $# -eq 0 ] || printf '%s\n' "$@" >"$f"
}

fake_tree() {
	local root=$1 rp1 up dp rp2 cfs
	mkdir -p "$root/sys/devices/$FAKE_HOST" "$root/dev" "$root/proc"
	fake_pci_dev "$root" "$FAKE_HOST" 0000:00:00.0 0x8086 0x29c0 0x060000 \
		>/dev/null
	rp1=$(fake_pci_dev "$root" "$FAKE_HOST" 0000:00:04.0 0x1b36 0x000c \
		0x060400 0x0107)
	up=$(fake_pci_dev "$root" "$rp1" 0000:01:00.0 0x104c 0x8232 0x060400 \
		0x0107)
	dp=$(fake_pci_dev "$root" "$up" 0000:02:00.0 0x104c 0x8233 0x060400 \
		0x0107)
	fake_pci_dev "$root" "$dp" 0000:03:00.0 0x1234 0x11e8 0x00ff00 0x0107 \
		>/dev/null
	rp2=$(fake_pci_dev "$root" "$FAKE_HOST" 0000:00:05.0 0x1b36 0x000c \
		0x060400 0x0107)
	fake_pci_dev "$root" "$rp2" 0000:04:00.0 0x1234 0x11e8 0x00ff00 \
		>/dev/null
	cfs=$root/sys/kernel/config/pci-lu
	mkdir -p "$cfs/devices"
	echo pci-lu-format-3 >"$cfs/version"
	printf 'pci-lu pci-lu-format-3\nluo luo-v5\nkho kho-v4\nmemfd memfd-v2\n' \
		>"$cfs/compatibles"
	echo idle >"$cfs/state"
	: >"$cfs/incoming"
	cat >"$root/proc/mounts" <<-MOUNTS
	sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
	configfs /sys/kernel/config configfs rw,relatime 0 0
	MOUNTS
	echo "console=ttyS0 kho=on liveupdate=on" >"$root/proc/cmdline"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ $# -eq 1 ] || { echo "usage: $0 ROOT" >&2; exit 2; }
	fake_tree "$1"
fi
