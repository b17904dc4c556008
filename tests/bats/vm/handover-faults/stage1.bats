#!/usr/bin/env bats
# handover-faults, stage 1: the fault knob itself (debugfs fault_record,
# CONFIG_PCI_LU_FAULT_INJECTION), then opt 0000:03:00.0 in with Bus Master
# Enable on and arm "magic".  Each following stage checks what the next
# kernel did with the record of one corrupted handover, finishes the session
# and arms the next fault; the kexec hook runs `pci-lu kexec` (one fault per
# kexec: magic version entry_size flags count checksum duplicate mismatch
# missing).

load ../lib/common
load ../lib/pcilu
load handover

@test "stage 1: fault_record is root-only and starts disarmed" {
	[ -f "$HF_KNOB" ] || fail "$HF_KNOB missing: kernel built without CONFIG_PCI_LU_FAULT_INJECTION?"
	assert_equal "$(stat -c %a "$HF_KNOB")" 600
	assert_equal "$(cat "$HF_KNOB")" none
}

@test "stage 1: every fault name arms and reads back, none disarms" {
	for f in magic version entry_size flags count checksum duplicate mismatch missing none; do
		echo "$f" > "$HF_KNOB"
		assert_equal "$(cat "$HF_KNOB")" "$f"
	done
	# without a newline too
	printf checksum > "$HF_KNOB"
	assert_equal "$(cat "$HF_KNOB")" checksum
}

@test "stage 1: anything else is EINVAL and leaves the armed fault alone" {
	for w in bogus Magic 'magic extra' ' magic' entry-size checksumchecksumx; do
		run pcilu-try write "$HF_KNOB" "$w"
		assert_failure 1
		assert_output EINVAL
	done
	assert_equal "$(cat "$HF_KNOB")" checksum
	echo none > "$HF_KNOB"
	assert_equal "$(cat "$HF_KNOB")" none
}

@test "stage 1: opt 0000:03:00.0 in, Bus Master Enable on its path; the next record gets a bad magic" {
	pcilu_load
	pcilu_enable_dma 03:00.0
	hf_assert_bm_kept
	# the witness in host.bats: the control device is cleared at the kexec
	pcilu_enable_dma 04:00.0
	hf_arm magic
}
