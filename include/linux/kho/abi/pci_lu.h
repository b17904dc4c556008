/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI live update: the record one kernel hands to the next.
 */
#ifndef _LINUX_KHO_ABI_PCI_LU_H
#define _LINUX_KHO_ABI_PCI_LU_H

#include <linux/types.h>

/**
 * DOC: PCI live update handover ABI
 *
 * The preserved set is handed over as one physically contiguous record
 * allocated with kho_alloc_preserve().  Its physical address is the data
 * handle of the File-Lifecycle-Bound object %PCI_LU_FLB_COMPATIBLE, so the
 * next kernel finds it with liveupdate_flb_get_incoming() before userspace
 * runs.
 *
 * The record is written when the set is preserved (identity of every
 * function) and completed at LUO freeze (PCI_COMMAND of every function,
 * %PCI_LU_REC_FROZEN, checksum).  The next kernel refuses a record whose
 * magic, version, size, count, flags or checksum do not match.
 *
 * This is a contract between kernels: any change of layout or meaning
 * bumps %PCI_LU_REC_VERSION and the compatible strings.
 */

#define PCI_LU_FLB_COMPATIBLE	"pci-lu-flb-v1"

#define PCI_LU_REC_MAGIC	0x554c4350	/* "PCLU" */
#define PCI_LU_REC_VERSION	1

/* struct pci_lu_rec.flags */
#define PCI_LU_REC_FROZEN	BIT(0)	/* PCI_COMMAND captured at freeze */

/* struct pci_lu_rec_entry.role */
#define PCI_LU_ROLE_ENDPOINT	1	/* an opted-in device */
#define PCI_LU_ROLE_BRIDGE	2	/* a bridge on an opted-in device's path */

/**
 * struct pci_lu_rec_entry - One preserved PCI function.
 * @domain:  PCI domain (segment).
 * @bus:     Bus number.
 * @devfn:   Device and function, PCI_DEVFN() encoding.
 * @role:    %PCI_LU_ROLE_ENDPOINT or %PCI_LU_ROLE_BRIDGE.
 * @reserved0: Zero.
 * @vendor:  Vendor ID read when the set was preserved.
 * @device:  Device ID read when the set was preserved.
 * @class:   24-bit class code (class, subclass, prog-if).
 * @command: PCI_COMMAND read at freeze.
 * @reserved1: Zero.
 */
struct pci_lu_rec_entry {
	u32 domain;
	u8 bus;
	u8 devfn;
	u8 role;
	u8 reserved0;
	u16 vendor;
	u16 device;
	u32 class;
	u16 command;
	u16 reserved1;
} __packed;

/**
 * struct pci_lu_rec - Header of the handover record.
 * @magic:    %PCI_LU_REC_MAGIC.
 * @version:  %PCI_LU_REC_VERSION.
 * @entry_size: sizeof(struct pci_lu_rec_entry).
 * @flags:    %PCI_LU_REC_FROZEN once frozen.
 * @count:    Number of valid entries.
 * @capacity: Number of entries the record has room for.
 * @checksum: crc32_le(~0, ...) over the header (this field zero) and the
 *            @count valid entries.
 * @entries:  The preserved functions.
 */
struct pci_lu_rec {
	u32 magic;
	u16 version;
	u16 entry_size;
	u32 flags;
	u32 count;
	u32 capacity;
	u32 checksum;
	struct pci_lu_rec_entry entries[];
} __packed;

#endif /* _LINUX_KHO_ABI_PCI_LU_H */
