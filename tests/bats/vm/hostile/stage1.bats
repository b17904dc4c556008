#!/usr/bin/env bats
# hostile: a corpus of malformed and hostile configfs names (names.tsv, at
# least 100) and writes to every read-only attribute; each must fail with
# its documented errno, leave one "pci-lu: ... refused" kernel log line when
# pci-lu saw it (none when the VFS or configfs refused it first), create
# nothing and splat nothing (the runner checks the console; the debug kernel
# adds KASAN, lockdep and a kmemleak scan).
#
# What is asserted, per errno (names.tsv, column 2):
#   EINVAL       pci-lu: not the canonical lowercase DDDD:BB:DD.F (abi.md)
#   ENODEV       pci-lu: canonical, no such PCI function
#   EOPNOTSUPP   pci-lu: canonical, a bridge
#   ENAMETOOLONG the VFS: a component over NAME_MAX (255 bytes)
#   ENOENT       the VFS: a '/' in the name and the parent does not exist
#   EEXIST       the VFS: "", ".", ".." and paths that resolve to a directory
#   EPERM        configfs: a path that escapes devices/ into a group with
#                no make_group (pci-lu/, the configfs root)
# Writes to read-only configfs attributes: EACCES from configfs at open
# (the attribute has no store method and no write permission bit).
# Structure abuse (last test): mkdir where there is no make_group and
# rmdir of a default group or of the subsystem: EPERM (configfs); creating
# a regular file: EACCES (no ->create); rmdir of an attribute: ENOTDIR.

load ../lib/common
load ../lib/pcilu

CORPUS=$BATS_TEST_DIRNAME/names.tsv

setup() {
	pcilu_load
}

teardown() {
	pcilu_clear
}

# figures for the TAP output (the runner relays '#' lines)
figure() {
	echo "# figures: $*" >&3
}

@test "hostile names: every name in names.tsv (>= 100) fails with its errno and logs as documented" {
	local line enc err log why name got tried=0 bad=0 vfs=0 pcilu=0
	# split by hand: read would collapse the empty first field of ""
	while IFS= read -r line; do
		case $line in '#'*) continue ;; esac
		enc=${line%%$'\t'*} line=${line#*$'\t'}
		err=${line%%$'\t'*} line=${line#*$'\t'}
		log=${line%%$'\t'*} why=${line#*$'\t'}
		printf -v name '%b' "$enc"
		got=$(pcilu-try -k mkdir "$PCILU_DEV/$name") && true
		tried=$((tried + 1))
		if [ "$got" != "$err log=$log" ]; then
			echo "# $enc ($why): expected '$err log=$log', got '$got'" >&3
			bad=$((bad + 1))
		fi
		if [ "$log" = 1 ]; then pcilu=$((pcilu + 1)); else vfs=$((vfs + 1)); fi
		# whatever the outcome, nothing may have been created
		if [ -n "$(ls -A "$PCILU_DEV")" ]; then
			echo "# $enc ($why): created $(ls -A "$PCILU_DEV" | od -c | head -n 2)" >&3
			bad=$((bad + 1))
			pcilu_clear
		fi
	done < "$CORPUS"
	figure "hostile names tried=$tried (refused by pci-lu=$pcilu, by the VFS/configfs=$vfs), wrong errno or log=$bad"
	[ "$tried" -ge 100 ] || fail "only $tried names in the corpus"
	assert_equal "$bad" 0
}

@test "hostile names: afterwards nothing is opted in, state idle, no nodes, and a real name still works" {
	assert_equal "$(ls -A $PCILU_DEV)" ''
	assert_equal "$(cat $PCILU_CFS/state)" idle
	run grep -E '^(items|nodes) ' $PCILU_DBG/stats
	assert_output $'items 0\nnodes 0'
	mkdir $PCILU_DEV/0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
	assert_equal "$(pcilu_users 0000:00:04.0)" 1
}

@test "hostile names: a canonical name refused by pci-lu logs exactly one line naming it" {
	pcilu_refuse 0000:02:00.0 "Operation not supported"
	pcilu_refuse 0000:03:01.0 "No such device"
	pcilu_refuse 0000:03:00.8 "Invalid argument"
}

@test "read-only attributes: every write fails with EACCES and changes nothing" {
	local a got before tried=0 bad=0
	mkdir $PCILU_DEV/0000:03:00.0
	for a in $PCILU_CFS/version $PCILU_CFS/state $PCILU_CFS/incoming $PCILU_CFS/incoming_reasons \
		$PCILU_DEV/0000:03:00.0/path $PCILU_DEV/0000:03:00.0/bus_master \
		$PCILU_DEV/0000:03:00.0/saved_bus_master $PCILU_DEV/0000:03:00.0/status; do
		before=$(cat "$a")
		for data in 1 0 '' idle preserved '-' ok x $'\n' "$(head -c 4096 /dev/zero | tr '\0' 'A')"; do
			got=$(pcilu-try write "$a" "$data") && true
			tried=$((tried + 1))
			[ "$got" = EACCES ] || { echo "# write '$data' to $a: $got" >&3; bad=$((bad + 1)); }
		done
		got=$(pcilu-try open "$a") && true
		tried=$((tried + 1))
		[ "$got" = EACCES ] || { echo "# open O_RDWR $a: $got" >&3; bad=$((bad + 1)); }
		assert_equal "$(cat "$a")" "$before"
	done
	figure "read-only attribute writes tried=$tried, wrong errno=$bad"
	assert_equal "$bad" 0
}

@test "configfs structure: mkdir/rmdir/create in the wrong places fail with configfs's errno" {
	local got tried=0 bad=0 op path exp
	mkdir $PCILU_DEV/0000:03:00.0
	while read -r op path exp; do
		got=$(pcilu-try -k "$op" "$path") && true
		tried=$((tried + 1))
		[ "$got" = "$exp log=0" ] || { echo "# $op $path: expected $exp, got $got" >&3; bad=$((bad + 1)); }
	done <<-EOF2
	mkdir $PCILU_DEV/0000:03:00.0 EEXIST
	mkdir $PCILU_DEV/0000:03:00.0/sub EPERM
	mkdir $PCILU_DEV/0000:03:00.0/0000:04:00.0 EPERM
	mkdir $PCILU_CFS/0000:04:00.0 EPERM
	mkdir $PCILU_CFS/devices EEXIST
	rmdir $PCILU_DEV EPERM
	rmdir $PCILU_DEV/0000:03:00.0/status ENOTDIR
	rmdir $PCILU_DEV/0000:04:00.0 ENOENT
	rmdir $PCILU_CFS EPERM
	create $PCILU_DEV/0000:04:00.0 EACCES
	create $PCILU_DEV/0000:03:00.0/extra EACCES
	create $PCILU_CFS/extra EACCES
	EOF2
	figure "configfs structure abuses tried=$tried, wrong errno=$bad"
	assert_equal "$bad" 0
	assert_equal "$(ls $PCILU_DEV)" 0000:03:00.0
	assert_equal "$(cat $PCILU_DEV/0000:03:00.0/status)" ok
}
