# shellcheck shell=bash
# cli-flow guest helpers (load cli).

# print a JSON document on the console as "PCILU-JSON NAME DOC" for host.bats
# (the guest has no jq), with kernel console messages held off meanwhile
json_out() {
	local level
	level=$(cut -f1 /proc/sys/kernel/printk)
	dmesg -n 1
	printf 'PCILU-JSON %s %s\n' "$1" "$2" >/dev/console
	dmesg -n "$level"
}
