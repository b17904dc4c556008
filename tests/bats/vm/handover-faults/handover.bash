# shellcheck shell=bash
# handover-faults guest helpers (load ../lib/common; load ../lib/pcilu;
# load handover).  Every stage but the last arms one fault in the old
# kernel's freeze (CONFIG_PCI_LU_FAULT_INJECTION) before the kexec hook runs
# `pci-lu kexec`; the next stage checks what the next kernel made of the
# record, finishes the session and arms the next fault.

HF_KNOB=$PCILU_DBG/fault_record
# the edu's path: what the old kernel kept Bus Master Enable on
HF_PATH="03:00.0 02:00.0 01:00.0 00:04.0"

# kernel log lines of this kernel, without the timestamp
hf_klog() {
	dmesg | sed 's/^\[[^]]*\] //'
}

# number of kernel log lines that are exactly $1
hf_klog_exact() {
	hf_klog | grep -cxF -- "$1" || true
}

# number of kernel log lines that contain $1
hf_klog_has() {
	hf_klog | grep -cF -- "$1" || true
}

# opt the edu in (its Bus Master Enable is still on from the previous
# kernels, or set in stage 1) and arm fault $1 for the kexec after this stage
hf_arm() {
	pcilu_load
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	mkdir "$PCILU_DEV/0000:03:00.0"
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/status")" ok
	assert_equal "$(cat "$PCILU_DEV/0000:03:00.0/bus_master")" 1
	echo "$1" > "$HF_KNOB"
	assert_equal "$(cat "$HF_KNOB")" "$1"
}

# the old kernel kept Bus Master Enable on the edu and its bridges: the
# record was bad, the kexec itself was not (QEMU's trace: host.bats)
hf_assert_bm_kept() {
	local bdf
	for bdf in $HF_PATH; do
		assert_equal "$bdf=$(pcilu_bm "$bdf")" "$bdf=1"
	done
}

# the record the previous kernel handed over was refused as a whole with
# reason $1: one log line, nothing retrieved, state incoming, incoming empty
hf_assert_refused() {
	pcilu_load
	dmesg | grep -q 'KHO: found kexec handover data'
	assert_equal "$(hf_klog_has 'pci-lu: handover record')" 1
	assert_equal "$(hf_klog_exact "pci-lu: handover record refused ($1), ignoring it")" 1
	assert_equal "$(hf_klog_has 'pci-lu: retrieved')" 0
	assert_equal "$(hf_klog_has 'handed over but')" 0
	assert_equal "$(cat "$PCILU_CFS/state")" incoming
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
}

# pci-lu status and pci-lu incoming say the same: incoming, no records
hf_assert_cli_refused() {
	run pci-lu status
	assert_success
	assert_line "state:     incoming"
	assert_line "incoming:  0 records"
	run pci-lu -j status
	assert_success
	assert_output --partial '"state":"incoming"'
	assert_output --partial '"nr_records":0'
	run pci-lu incoming
	assert_success
	assert_output "no records were handed over"
	run pci-lu -j incoming
	assert_success
	assert_output '{"schema":1,"command":"incoming","records":[],"error":null}'
}

# pci-lu status and pci-lu incoming agree after an identity failure: 4
# records, endpoint $1 (as the record names it) with result $2 and live Bus
# Master 0 ("0 unless ok"), its three bridges ok
hf_assert_cli_identity() {
	run pci-lu status
	assert_success
	assert_line "state:     incoming"
	assert_line "incoming:  4 records"
	run pci-lu incoming
	assert_success
	assert_line --regexp "^$1 +endpoint +1 +0 +$2\$"
	assert_line --regexp '^0000:02:00.0 +bridge +1 +1 +ok$'
	assert_line --regexp '^0000:01:00.0 +bridge +1 +1 +ok$'
	assert_line --regexp '^0000:00:04.0 +bridge +1 +1 +ok$'
	# shellcheck disable=SC2154 # lines: set by bats' run
	assert_equal "${#lines[@]}" 5
	run pci-lu -j incoming
	assert_success
	assert_output --partial "{\"bdf\":\"$1\",\"kind\":\"endpoint\",\"saved_bus_master\":1,\"bus_master\":0,\"result\":\"$2\"}"
}

# pci-lu finish succeeds with output $1 and releases $2 function(s):
# state idle, incoming empty.  $3 "strict": pci-lu finish --strict, which
# finishes all the same but fails (exit 1) because 1 record did not match
hf_finish() {
	if [ "${3:-}" = strict ]; then
		run --separate-stderr pci-lu finish --strict
		assert_failure 1
		assert_equal "$stderr" "pci-lu: finish --strict: 1 record did not match the device now at its address (mismatch or missing)"
	else
		run pci-lu finish
		assert_success
	fi
	assert_output "$1"
	assert_equal "$(cat "$PCILU_CFS/state")" idle
	assert_equal "$(cat "$PCILU_CFS/incoming")" ''
	assert_equal "$(hf_klog_has "pci-lu: finished: released $2 handed-over function(s)")" 1
	run pci-lu incoming
	assert_output "no records were handed over"
}

hf_finish_refused() {
	hf_finish "finished LUO session pci-lu: released 0 devices and 0 bridges (0 did not match)" 0
}
