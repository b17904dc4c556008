#!/usr/bin/env bats
# cli-kexec-cmdline, stage 2: booted by `pci-lu kexec --append pcilu_stage=2`.

load ../lib/common
load ../lib/pcilu

@test "the next kernel's command line is the previous one with pcilu_stage=2 appended" {
	assert_equal "$(cat /proc/cmdline)" "$(cat /var/pcilu/cmdline-stage1) pcilu_stage=2"
}

@test "the handover was taken (kho=on liveupdate=on carried over): incoming, then finish" {
	pcilu_load
	assert_equal "$(cat $PCILU_CFS/state)" incoming
	run pci-lu finish
	assert_success
	assert_equal "$(cat $PCILU_CFS/state)" idle
}
