// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: test-only fault knob for the handover record
 *
 * CONFIG_PCI_LU_FAULT_INJECTION only.  debugfs "fault_record" arms one
 * defect that every following freeze writes into the sealed record, so
 * that the next kernel's checks can be exercised.  The checksum is recomputed
 * after every defect but "checksum" itself and "count" (a checksum over
 * more entries than the record holds would read past it), so that the
 * defect is the only one.
 *
 * Locking: the armed fault is protected by pci_lu.lock; the freeze applies
 * it with the lock held.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "pci-lu-internal.h"

enum pci_lu_fault {
	PCI_LU_FAULT_NONE,
	PCI_LU_FAULT_MAGIC,
	PCI_LU_FAULT_VERSION,
	PCI_LU_FAULT_ENTRY_SIZE,
	PCI_LU_FAULT_FLAGS,
	PCI_LU_FAULT_COUNT,
	PCI_LU_FAULT_CHECKSUM,
	PCI_LU_FAULT_DUPLICATE,
	PCI_LU_FAULT_MISMATCH,
	PCI_LU_FAULT_MISSING,
};

static const char * const pci_lu_fault_names[] = {
	[PCI_LU_FAULT_NONE]	  = "none",
	[PCI_LU_FAULT_MAGIC]	  = "magic",
	[PCI_LU_FAULT_VERSION]	  = "version",
	[PCI_LU_FAULT_ENTRY_SIZE] = "entry_size",
	[PCI_LU_FAULT_FLAGS]	  = "flags",
	[PCI_LU_FAULT_COUNT]	  = "count",
	[PCI_LU_FAULT_CHECKSUM]	  = "checksum",
	[PCI_LU_FAULT_DUPLICATE]  = "duplicate",
	[PCI_LU_FAULT_MISMATCH]	  = "mismatch",
	[PCI_LU_FAULT_MISSING]	  = "missing",
};

/* Protected by pci_lu.lock */
static enum pci_lu_fault pci_lu_fault;

/**
 * pci_lu_fault_apply() - Write the armed defect into a sealed record.
 * @rec: The record, sealed by the freeze.
 */
void pci_lu_fault_apply(struct pci_lu_rec *rec)
{
	struct pci_lu_rec_entry *ent = rec->entries;

	lockdep_assert_held(&pci_lu.lock);

	switch (pci_lu_fault) {
	case PCI_LU_FAULT_NONE:
		return;
	case PCI_LU_FAULT_MAGIC:
		rec->magic = ~PCI_LU_REC_MAGIC;
		break;
	case PCI_LU_FAULT_VERSION:
		rec->version = PCI_LU_REC_VERSION + 1;
		break;
	case PCI_LU_FAULT_ENTRY_SIZE:
		rec->entry_size = sizeof(*ent) + 1;
		break;
	case PCI_LU_FAULT_FLAGS:
		rec->flags |= BIT(31);
		break;
	case PCI_LU_FAULT_COUNT:
		rec->count = rec->capacity + 1;
		break;
	case PCI_LU_FAULT_CHECKSUM:
		rec->checksum = ~rec->checksum;
		break;
	case PCI_LU_FAULT_DUPLICATE:
		if (rec->count < 2) {
			pr_warn("fault injection: duplicate needs two functions, record left intact\n");
			return;
		}
		ent[1] = ent[0];
		break;
	case PCI_LU_FAULT_MISMATCH:
		ent[0].device ^= 0xffff;
		break;
	case PCI_LU_FAULT_MISSING:
		/* Nothing sits on bus 0xfe in the test topologies */
		ent[0].bus = 0xfe;
		break;
	}

	if (pci_lu_fault != PCI_LU_FAULT_CHECKSUM &&
	    pci_lu_fault != PCI_LU_FAULT_COUNT)
		rec->checksum = pci_lu_rec_csum(rec);
	pr_warn("fault injection: handover record corrupted (%s)\n",
		pci_lu_fault_names[pci_lu_fault]);
}

static int pci_lu_fault_show(struct seq_file *m, void *v)
{
	guard(mutex)(&pci_lu.lock);

	seq_printf(m, "%s\n", pci_lu_fault_names[pci_lu_fault]);
	return 0;
}

static ssize_t pci_lu_fault_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[16];
	int fault;

	if (*ppos || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	fault = sysfs_match_string(pci_lu_fault_names, buf);
	if (fault < 0)
		return fault;

	guard(mutex)(&pci_lu.lock);
	pci_lu_fault = fault;
	return count;
}

DEFINE_SHOW_STORE_ATTRIBUTE(pci_lu_fault);

/**
 * pci_lu_fault_debugfs_init() - Create the fault_record file.
 * @dir: pci-lu's debugfs directory.
 */
void __init pci_lu_fault_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("fault_record", 0600, dir, NULL,
			    &pci_lu_fault_fops);
}
