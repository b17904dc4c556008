#!/usr/bin/env bats
# The errno -> reason table (tools/pci-lu/errmap.c), through pci-lu-unit:
# the kernel-only errnos of configfs mkdir/rmdir, /dev/pci-lu and LUO that
# a fake tree cannot produce.

setup() {
	load common
	[ -x "$PCI_LU_UNIT" ] || fail "no $PCI_LU_UNIT (built with pci-lu)"
}

reason() {
	run "$PCI_LU_UNIT" errmap "$1" "$2"
	assert_success
	assert_output "$3"
}

@test "configfs mkdir (add): every errno of the ABI" {
	reason add EINVAL "malformed device name (configfs wants the canonical DDDD:BB:DD.F form)"
	reason add ENODEV "no such PCI device"
	reason add EOPNOTSUPP "is a bridge or a virtual function (bridges are preserved implicitly)"
	reason add EBUSY "the opted-in set is fixed while a live update is in progress (state preserved or frozen)"
	reason add EEXIST "already opted in"
}

@test "configfs rmdir (remove)" {
	reason remove ENOENT "not opted in"
	reason remove EBUSY "the opted-in set is fixed while a live update is in progress (state preserved or frozen)"
}

@test "configfs missing" {
	reason configfs ENOENT "not found: load the module (modprobe pci-lu-configfs), or the kernel lacks pci-lu"
}

@test "/dev/pci-lu: open and CHECK" {
	reason open-pci-lu ENOENT "no such device node: the kernel lacks pci-lu, or devtmpfs is not mounted on /dev"
	reason check ENODEV "no such PCI device"
	reason check EOPNOTSUPP "is a bridge or a virtual function (bridges are preserved implicitly)"
	reason check ENOLINK "it or a hop of its upstream path is blocked (unusable, or unsafe to keep)"
}

@test "/dev/liveupdate and the session ioctls" {
	reason open-liveupdate ENOENT "no such device node: the kernel lacks the Live Update Orchestrator, or was not booted with kho=on liveupdate=on"
	reason open-liveupdate EBUSY "in use by another process (one opener at a time: another live update agent has it open)"
	reason create-session EEXIST "a LUO session with this name already exists"
	reason preserve ENOLINK "an opted-in device is blocked"
	reason preserve EBUSY "the set is not idle: it is preserved by another session, a device was opted out meanwhile (retry), or pci-lu-configfs is being unloaded"
	reason preserve ENOENT "no device is opted in"
	reason preserve EOPNOTSUPP "the kernel's LUO has no pci-lu file handler"
	reason retrieve-session ENOENT "the previous kernel handed over no session with this name"
	reason retrieve-fd ENOENT "the session holds no pci-lu descriptor"
	reason finish EBUSY "not every preserved file of the session was retrieved"
}

@test "kexec_file_load and reboot" {
	reason kexec-load ENOEXEC "not a kernel image kexec_file_load can load (it needs a 64-bit RELOCATABLE bzImage)"
	reason kexec-load EPERM "not permitted (needs CAP_SYS_BOOT; kexec may be disabled by kernel.kexec_load_disabled or lockdown)"
	reason kexec-load ENOSYS "the kernel lacks kexec_file_load (CONFIG_KEXEC_FILE)"
	reason kexec-load EKEYREJECTED "the kernel image's signature was rejected"
	reason kexec-load EBUSY "another kexec load is in progress"
	reason reboot ENOLINK "LUO freeze refused: an opted-in device is blocked"
	reason reboot ENOEXEC "the loaded kernel carries no handover data: load it with kexec_file_load (kexec -s)"
	reason reboot EADDRNOTAVAIL "a kept device is behind an IOMMU and the next kernel's command line does not ask for an identity default (iommu=pt or iommu.passthrough=1)"
	reason reboot EPERM "not permitted (needs CAP_SYS_BOOT)"
	reason reboot EINVAL "no kexec image is loaded"
}

@test "operation-specific reasons win over the generic ones" {
	reason kexec-load EPERM "not permitted (needs CAP_SYS_BOOT; kexec may be disabled by kernel.kexec_load_disabled or lockdown)"
	reason add EPERM "operation not permitted (run as root)"
}

@test "generic reasons apply to every operation" {
	for op in add remove open-pci-lu open-liveupdate finish; do
		reason "$op" EACCES "permission denied (run as root)"
	done
	reason check ENOTTY "ioctl not supported (not the expected device, or kernel and tool versions differ)"
}

@test "an errno not in the table falls back to strerror" {
	reason add EIO "Input/output error"
	reason kexec-load ENOMEM "Cannot allocate memory"
	reason file ENOENT "No such file or directory"
}

@test "unknown operation or errno name is a driver usage error" {
	run "$PCI_LU_UNIT" errmap nope EIO
	assert_failure 2
	run "$PCI_LU_UNIT" errmap add ENOPE
	assert_failure 2
}

@test "reboot (kexec): the freeze's own refusals are refusals (exit 4), and only for reboot" {
	for e in ENOLINK ENOEXEC EADDRNOTAVAIL; do
		run "$PCI_LU_UNIT" errexit reboot "$e"
		assert_success
		assert_output 4
	done
	# kexec_file_load's ENOEXEC keeps its own reason
	reason kexec-load ENOEXEC "not a kernel image kexec_file_load can load (it needs a 64-bit RELOCATABLE bzImage)"
	reason preserve EADDRNOTAVAIL "Cannot assign requested address"
}
