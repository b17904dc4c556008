/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * PCI live update: keep Bus Master Enable of opted-in devices and of their
 * upstream bridges across a kexec driven by the Live Update Orchestrator.
 *
 * The set of opted-in devices is managed through configfs
 * (/sys/kernel/config/pci-lu/devices/).  /dev/pci-lu hands out file
 * descriptors that stand for that set: preserving such a descriptor in a
 * LUO session (LIVEUPDATE_SESSION_PRESERVE_FD) preserves the set, closing
 * the session before the kexec cancels it, and retrieving and finishing the
 * session in the next kernel releases what was handed over.
 *
 * Orchestrator contract: any live update agent may preserve the descriptor
 * in a session of its own, under a token of its choosing, next to the
 * memfds it preserves; the kernel neither knows nor checks session names or
 * tokens.  At most one descriptor is preserved at a time (a second
 * LIVEUPDATE_SESSION_PRESERVE_FD fails with EBUSY).  The kernel keeps Bus
 * Master Enable of the set through the kexec; the agent makes sure the
 * devices DMA only into memory the next kernel keeps (memory preserved in a
 * LUO session, e.g. a memfd), and in the next kernel retrieves the
 * descriptor and finishes its session, which releases the set.
 * Documentation/PCI/pci-lu.rst, "Orchestrator contract", has the steps.
 */
#ifndef _UAPI_LINUX_PCI_LU_H
#define _UAPI_LINUX_PCI_LU_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Name of the misc device node: /dev/pci-lu */
#define PCI_LU_DEVICE_NAME	"pci-lu"

/*
 * The handover format: "pci-lu-format-<N>", N the number of the record
 * format (include/linux/kho/abi/pci_lu.h).  PCI_LU_VERSION is the one this
 * header describes, the configfs "version" of its kernel.  A kernel image
 * carries the name of every format it reads (its own and the previous
 * one), which is how `pci-lu image-check` learns them.
 */
#define PCI_LU_VERSION_PREFIX	"pci-lu-format-"
#define PCI_LU_VERSION		"pci-lu-format-3"

/* Length of the status buffer, including the terminating NUL */
#define PCI_LU_STATUS_LEN	128

/**
 * enum pci_lu_state - Global state of the preserved set.
 * @PCI_LU_STATE_IDLE:      Nothing is preserved; the set may change.
 * @PCI_LU_STATE_PRESERVED: A /dev/pci-lu descriptor is preserved in a LUO
 *                          session; the set is fixed (mkdir/rmdir: EBUSY).
 * @PCI_LU_STATE_FROZEN:    LUO froze the session during reboot(); Bus Master
 *                          Enable of the set is kept by the kexec shutdown.
 * @PCI_LU_STATE_INCOMING:  Next kernel: records were handed over and are not
 *                          finished yet.
 */
enum pci_lu_state {
	PCI_LU_STATE_IDLE = 0,
	PCI_LU_STATE_PRESERVED = 1,
	PCI_LU_STATE_FROZEN = 2,
	PCI_LU_STATE_INCOMING = 3,
};

#define PCI_LU_IOCTL_TYPE	0xBB

enum {
	PCI_LU_CMD_GET_INFO = 0x00,
	PCI_LU_CMD_CHECK = 0x01,
};

/**
 * struct pci_lu_info - ioctl(PCI_LU_IOCTL_GET_INFO)
 * @size:         Input; sizeof(struct pci_lu_info)
 * @state:        Output; &enum pci_lu_state
 * @nr_endpoints: Output; opted-in devices (outgoing) or endpoint records
 *                (incoming)
 * @nr_bridges:   Output; preserved upstream bridges (outgoing) or bridge
 *                records (incoming)
 * @nr_blocked:   Output; opted-in devices whose status is not "ok", or
 *                incoming records that did not match
 *
 * Works on any /dev/pci-lu descriptor, preserved or retrieved.
 */
struct pci_lu_info {
	__u32	size;
	__u32	state;
	__u32	nr_endpoints;
	__u32	nr_bridges;
	__u32	nr_blocked;
	__u32	__reserved;
};

#define PCI_LU_IOCTL_GET_INFO	_IO(PCI_LU_IOCTL_TYPE, PCI_LU_CMD_GET_INFO)

/**
 * struct pci_lu_check - ioctl(PCI_LU_IOCTL_CHECK)
 * @size:   Input; sizeof(struct pci_lu_check)
 * @domain: Input; PCI domain (segment)
 * @bus:    Input; bus number
 * @devfn:  Input; PCI_DEVFN(device, function)
 * @flags:  Input; must be 0
 * @status: Output; "ok" or "blocked: <reason naming the offending BDF>",
 *          NUL terminated
 *
 * Runs the checks that opting the device in would run, without opting it
 * in.  Returns 0 when the device could be preserved; otherwise -1 with errno
 * ENODEV (no such device), EOPNOTSUPP (a virtual function or a bridge) or
 * ENOLINK (a hop of its upstream path is unusable), @status saying why.
 */
struct pci_lu_check {
	__u32	size;
	__u32	domain;
	__u8	bus;
	__u8	devfn;
	__u16	flags;
	char	status[PCI_LU_STATUS_LEN];
};

#define PCI_LU_IOCTL_CHECK	_IO(PCI_LU_IOCTL_TYPE, PCI_LU_CMD_CHECK)

#endif /* _UAPI_LINUX_PCI_LU_H */
