#!/usr/bin/env bats
# apply [FILE]: the opted-in set made equal to a configuration file, as a
# playbook or the boot-time unit runs it: idempotent, opts out what the file
# no longer lists, errors name the line and change nothing.

setup() {
	load common
	common_setup
	CONF=$BATS_TEST_TMPDIR/pci-lu.conf
}

# the opted-in set, one BDF per line
set_now() {
	find "$CFS/devices" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort
}

@test "apply opts in what the file lists; a second run changes nothing (exit 0)" {
	printf '%s\n' 0000:03:00.0 04:00.0 >"$CONF"
	pl apply "$CONF"
	assert_success
	assert_output "$(printf '%s\n' '0000:03:00.0: opted in (status: -)' \
		'0000:04:00.0: opted in (status: -)' \
		"$CONF: 2 opted in, 0 opted out, 0 unchanged")"
	assert_equal "$(set_now)" "$(printf '%s\n' 0000:03:00.0 0000:04:00.0)"
	before=$(stat -c %Y.%i "$CFS/devices"/*)
	pl -j apply "$CONF"
	assert_success
	assert_json '.changed == false and .file == "'"$CONF"'" and
		[.results[] | [.bdf, .action, .changed]] ==
		[["0000:03:00.0", "keep", false], ["0000:04:00.0", "keep", false]]'
	pl apply "$CONF"
	assert_success
	assert_output "$CONF: 0 opted in, 0 opted out, 2 unchanged"
	assert_equal "$stderr" ""
	assert_equal "$(stat -c %Y.%i "$CFS/devices"/*)" "$before"
}

@test "apply with a device removed from the file opts it out" {
	printf '%s\n' 03:00.0 04:00.0 >"$CONF"
	pl apply "$CONF"
	echo 04:00.0 >"$CONF"
	pl -j apply "$CONF"
	assert_success
	assert_json '.changed and [.results[] | [.bdf, .action, .changed]] ==
		[["0000:03:00.0", "remove", true], ["0000:04:00.0", "keep", false]]'
	assert_equal "$(set_now)" "0000:04:00.0"
	: >"$CONF"
	pl apply "$CONF"
	assert_success
	assert_output "$(printf '%s\n' '0000:04:00.0: opted out' \
		"$CONF: 0 opted in, 1 opted out, 0 unchanged")"
	assert_equal "$(set_now)" ""
}

@test "apply: comments, blank lines, white space, short forms, duplicates" {
	cat >"$CONF" <<-'EOF'
	# edu devices kept through live updates
	  03:00.0   # the DMA engine

		0000:04:00.0	
	0:3:0.0
	# end
	EOF
	pl -j apply "$CONF"
	assert_success
	assert_json '[.results[].bdf] == ["0000:03:00.0", "0000:04:00.0"]'
}

@test "apply: an invalid line is a usage error naming FILE:LINE; nothing changes" {
	pl add 00:05.0
	printf '%s\n' '# set' 03:00.0 03:00.8 >"$CONF"
	pl apply "$CONF"
	assert_failure 2
	assert_error_line "^pci-lu: apply: $CONF:3: invalid BDF '03:00.8': function 8 out of range \(max 7\)$"
	assert_equal "$(set_now)" "0000:00:05.0"
	printf '%s\n' '03:00.0 04:00.0' >"$CONF"
	pl -j apply "$CONF"
	assert_failure 2
	assert_error_line "^pci-lu: apply: $CONF:1: unexpected '04:00.0' after the BDF \(one device per line\)$"
	assert_json '.error.what == "apply" and .error.exit == 2'
	assert_equal "$(set_now)" "0000:00:05.0"
}

@test "apply without FILE reads /etc/pci-lu.conf below --root; missing: exit 3" {
	pl apply
	assert_failure 3
	assert_error_line "^pci-lu: apply: $ROOT/etc/pci-lu.conf: No such file or directory$"
	mkdir -p "$ROOT/etc"
	echo 03:00.0 >"$ROOT/etc/pci-lu.conf"
	pl -j apply
	assert_success
	assert_json '.file == "'"$ROOT"'/etc/pci-lu.conf" and .changed'
	assert_equal "$(set_now)" "0000:03:00.0"
}

@test "apply: the set cannot be read: exit 1, an error document, nothing done" {
	echo 03:00.0 >"$CONF"
	rmdir "$CFS/devices"
	touch "$CFS/devices"
	pl -j apply "$CONF"
	assert_failure 1
	assert_json '.error.what == "apply: '"$CFS"'/devices" and
		.error.errno == "ENOTDIR" and (has("results") | not)'
}
