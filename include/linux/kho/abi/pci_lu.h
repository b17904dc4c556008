/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI live update: the record one kernel hands to the next.
 */
#ifndef _LINUX_KHO_ABI_PCI_LU_H
#define _LINUX_KHO_ABI_PCI_LU_H

#include <linux/build_bug.h>
#include <linux/types.h>

/**
 * DOC: PCI live update handover ABI
 *
 * The preserved set is handed over as one physically contiguous record
 * allocated with kho_alloc_preserve().  Its physical address is the data
 * of the File-Lifecycle-Bound object %PCI_LU_FLB_COMPATIBLE, and nowhere
 * else: the next kernel finds it with liveupdate_flb_get_incoming() before
 * userspace runs.
 *
 * What is written when:
 *
 * - at preserve: the header (magic, capacity); flags, count and checksum
 *   are zero, so a record that was never frozen is refused;
 * - at LUO freeze: one entry per preserved function, with its identity
 *   (address, role, vendor, device, class) and PCI_COMMAND as read at that
 *   moment; then count, %PCI_LU_REC_FROZEN and the checksum;
 * - if the reboot is aborted (LUO unfreeze): back to the preserve state.
 *
 * The record is in the native byte order and layout of the kernel that
 * wrote it: a live update is a kexec between kernels of the same
 * architecture.
 *
 * Versioning: the compatible string is the version, as for the rest of
 * LUO (see include/linux/kho/abi/memfd.h).  LUO hands the record only to a
 * kernel that registered an FLB of the same compatible string, so the
 * record carries no version of its own.  Any change of layout or meaning
 * bumps the number in %PCI_LU_FLB_COMPATIBLE.  The magic number only
 * guards against a handle that does not point to a record.
 *
 * The next kernel refuses, as a whole, a record that is smaller than its
 * header or than its capacity says, has a bad magic, is not frozen or has
 * unknown flags or non-zero reserved fields, counts more entries than it
 * has room for, fails its checksum, lists a function twice or has an
 * entry of an unknown role.
 */

#define PCI_LU_FLB_COMPATIBLE	"pci-lu-flb-v2"

#define PCI_LU_REC_MAGIC	0x554c4350	/* "PCLU" */

/* struct pci_lu_rec.flags */
#define PCI_LU_REC_FROZEN	BIT(0)	/* entries written at freeze */

/* struct pci_lu_rec_entry.role */
#define PCI_LU_ROLE_ENDPOINT	1	/* an opted-in device */
#define PCI_LU_ROLE_BRIDGE	2	/* a bridge on an opted-in device's path */

/**
 * struct pci_lu_rec_entry - One preserved PCI function.
 * @domain:    PCI domain (segment).
 * @bus:       Bus number.
 * @devfn:     Device and function, PCI_DEVFN() encoding.
 * @role:      %PCI_LU_ROLE_ENDPOINT or %PCI_LU_ROLE_BRIDGE.
 * @reserved0: Zero.
 * @vendor:    Vendor ID, read at freeze.
 * @device:    Device ID, read at freeze.
 * @class:     24-bit class code (class, subclass, prog-if), read at freeze.
 * @command:   PCI_COMMAND, read at freeze.
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

static_assert(sizeof(struct pci_lu_rec_entry) == 20);

/**
 * struct pci_lu_rec - Header of the handover record.
 * @magic:    %PCI_LU_REC_MAGIC.
 * @flags:    %PCI_LU_REC_FROZEN once frozen; no other bit is defined.
 * @count:    Number of valid entries, written at freeze.
 * @capacity: Number of entries the record has room for.
 * @checksum: crc32_le(~0, ...) over the header (this field zero) and the
 *            @count valid entries, written at freeze.
 * @reserved: Zero.
 * @entries:  The preserved functions.
 */
struct pci_lu_rec {
	u32 magic;
	u32 flags;
	u32 count;
	u32 capacity;
	u32 checksum;
	u32 reserved;
	struct pci_lu_rec_entry entries[];
} __packed;

static_assert(sizeof(struct pci_lu_rec) == 24);

#endif /* _LINUX_KHO_ABI_PCI_LU_H */
