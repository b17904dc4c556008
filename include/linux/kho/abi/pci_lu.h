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
 * Versioning: one number, the record format (%PCI_LU_FORMAT), names
 * everything pci-lu hands over.  It is written in the record's header
 * (@format, with @entry_size) and shown as "pci-lu-format-<N>"
 * (PCI_LU_VERSION of include/uapi/linux/pci_lu.h) by configfs, the CLI
 * and in the kernel image, which carries that string for every format it
 * reads (pci_lu_rec_format_name()).  A kernel reads its own format and
 * the previous one (%PCI_LU_FORMAT_MIN); it refuses any other as a whole,
 * listing each entry as a version mismatch.
 *
 * The LUO names are frozen, not versions: the file handler is
 * %PCI_LU_FILE_COMPATIBLE and the File-Lifecycle-Bound object
 * %PCI_LU_FLB_COMPATIBLE in every format.  LUO 7.2 fails the whole
 * session deserialization, every later session included, on a file
 * whose compatible no handler registered; with fixed names, a kernel of
 * any pci-lu format deserializes the sessions and refuses the record at
 * retrieve instead.  Until format 3 these names were the version (the
 * record of format 2 has zero in @format and @entry_size).
 *
 * The record is in the native byte order and layout of the kernel that
 * wrote it: a live update is a kexec between kernels of the same
 * architecture.  What stays put in every format, so that a kernel can
 * name the functions of a record it does not read: the header up to
 * @entry_size, and the first 8 bytes of each entry (@domain, @bus,
 * @devfn, @role, @reserved0); entries are @entry_size bytes apart and
 * the checksum covers the header and @count * @entry_size bytes.
 *
 * The magic number only guards against a handle that does not point to
 * a record.
 *
 * The next kernel refuses, as a whole, a record that is smaller than its
 * header or than its capacity says, has a bad magic, is not frozen or has
 * unknown flags, counts more entries than it has room for, fails its
 * checksum, is of a format it does not read, lists a function twice or
 * has an entry of an unknown role.
 */

/* The LUO names of pci-lu's file and record: fixed, see above */
#define PCI_LU_FILE_COMPATIBLE	"pci-lu-v1"
#define PCI_LU_FLB_COMPATIBLE	"pci-lu-flb-v2"

/* The record format this kernel writes, and the oldest one it reads */
#define PCI_LU_FORMAT		3
#define PCI_LU_FORMAT_MIN	2

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

/* The part of an entry that every format keeps: domain to reserved0 */
#define PCI_LU_REC_ENTRY_STABLE	8

/**
 * struct pci_lu_rec - Header of the handover record.
 * @magic:    %PCI_LU_REC_MAGIC.
 * @flags:    %PCI_LU_REC_FROZEN once frozen; no other bit is defined.
 * @count:    Number of valid entries, written at freeze.
 * @capacity: Number of entries the record has room for.
 * @checksum: crc32_le(~0, ...) over the header (this field zero) and the
 *            @count valid entries, written at freeze.
 * @format:   The record format, %PCI_LU_FORMAT; 0 in format 2.
 * @entry_size: Bytes from one entry to the next, sizeof(struct
 *            pci_lu_rec_entry) in formats 2 and 3; 0 in format 2.
 * @entries:  The preserved functions.
 */
struct pci_lu_rec {
	u32 magic;
	u32 flags;
	u32 count;
	u32 capacity;
	u32 checksum;
	u16 format;
	u16 entry_size;
	struct pci_lu_rec_entry entries[];
} __packed;

static_assert(sizeof(struct pci_lu_rec) == 24);

#endif /* _LINUX_KHO_ABI_PCI_LU_H */
