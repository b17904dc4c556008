// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: LUO glue
 *
 * The set is tied to a LUO session through two objects:
 *
 * - a file handler for /dev/pci-lu descriptors.  All of them stand for the
 *   one set and report the same id, so LUO lets one be preserved at a time
 *   (a second one fails with -EBUSY in LUO itself).  Its freeze and
 *   unfreeze drive the outgoing state machine; in the next kernel it hands
 *   out a fresh descriptor at retrieve and drops the boot-time reference
 *   on the incoming record at finish.
 * - a File-Lifecycle-Bound object (FLB) that owns the handover record: it
 *   is preserved with the first descriptor, and its data, the record's
 *   physical address, is the one place the record is published.  The next
 *   kernel reads it when PCI sets up its first function
 *   (pci_lu_in_get()), before any fixup or driver touches it.
 *
 * LUO's registration functions are not exported, so this is built in.
 *
 * Locking: LUO serialises the callbacks of one session; each callback takes
 * pci_lu.lock where it touches &pci_lu (see pci-lu-out.c and pci-lu-in.c).
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/liveupdate.h>
#include <linux/module.h>

#include "pci-lu-internal.h"

static const struct liveupdate_flb_ops pci_lu_flb_ops = {
	.preserve	= pci_lu_out_preserve,
	.unpreserve	= pci_lu_out_unpreserve,
	.retrieve	= pci_lu_in_retrieve,
	.finish		= pci_lu_in_finish,
	.owner		= THIS_MODULE,
};

static struct liveupdate_flb pci_lu_flb = {
	.ops		= &pci_lu_flb_ops,
	.compatible	= PCI_LU_FLB_COMPATIBLE,
};

static bool pci_lu_can_preserve(struct liveupdate_file_handler *handler,
				struct file *file)
{
	return file->f_op == &pci_lu_fops;
}

/* The FLB preserve ran first: it fixed the set and published the record */
static int pci_lu_preserve(struct liveupdate_file_op_args *args)
{
	return 0;
}

static void pci_lu_unpreserve(struct liveupdate_file_op_args *args)
{
}

static int pci_lu_freeze(struct liveupdate_file_op_args *args)
{
	return pci_lu_out_freeze();
}

static void pci_lu_unfreeze(struct liveupdate_file_op_args *args)
{
	pci_lu_out_unfreeze();
}

static int pci_lu_retrieve(struct liveupdate_file_op_args *args)
{
	struct file *file;

	file = anon_inode_getfile("[pci-lu]", &pci_lu_fops, NULL, O_RDWR);
	if (IS_ERR(file))
		return PTR_ERR(file);
	args->file = file;
	return 0;
}

static void pci_lu_finish(struct liveupdate_file_op_args *args)
{
	bool put;

	scoped_guard(mutex, &pci_lu.lock) {
		put = pci_lu.incoming_ref;
		pci_lu.incoming_ref = false;
	}

	/* Drop the reference taken at boot; LUO drops its own next */
	if (put)
		liveupdate_flb_put_incoming(&pci_lu_flb);
}

static unsigned long pci_lu_get_id(struct file *file)
{
	/* All descriptors stand for the one set: one may be preserved */
	return (unsigned long)&pci_lu;
}

static const struct liveupdate_file_ops pci_lu_luo_ops = {
	.can_preserve	= pci_lu_can_preserve,
	.preserve	= pci_lu_preserve,
	.unpreserve	= pci_lu_unpreserve,
	.freeze		= pci_lu_freeze,
	.unfreeze	= pci_lu_unfreeze,
	.retrieve	= pci_lu_retrieve,
	.finish		= pci_lu_finish,
	.get_id		= pci_lu_get_id,
	.owner		= THIS_MODULE,
};

static struct liveupdate_file_handler pci_lu_fh = {
	.ops		= &pci_lu_luo_ops,
	.compatible	= PCI_LU_COMPATIBLE,
};

/**
 * pci_lu_luo_init() - Register with LUO and take over what came in.
 *
 * Without LUO (not enabled on the command line), devices can still be opted
 * in and checked, but not preserved.
 */
void __init pci_lu_luo_init(void)
{
	int ret;

	ret = liveupdate_register_file_handler(&pci_lu_fh);
	if (ret) {
		pr_info("live update unavailable (%d): devices can be opted in but not preserved\n",
			ret);
		return;
	}

	ret = liveupdate_register_flb(&pci_lu_fh, &pci_lu_flb);
	if (ret) {
		pr_err("cannot register the handover object: %d\n", ret);
		liveupdate_unregister_file_handler(&pci_lu_fh);
		return;
	}

	/* Anything handed over?  Taken already if PCI set up a function. */
	if (pci_lu_in_get())
		pci_lu_in_summary();
}

/**
 * pci_lu_in_get() - Take over what the previous kernel handed over, once.
 *
 * The first call asks LUO for the incoming record, which LUO can hand out
 * from early_initcall on, without the FLB being registered yet: PCI calls
 * this when it sets up its first function (pci_lu_setup_device()),
 * pci_lu_luo_init() at late_initcall.  The reference taken is dropped at
 * finish (pci_lu_finish()).
 *
 * Locking: the first call takes pci_lu_in_get_lock, then LUO's lock of
 * the FLB, then pci_lu.lock; nothing takes pci_lu_in_get_lock under
 * another lock.  Callers hold none of them.
 *
 * Return: true if an incoming record is published in pci_lu.incoming
 * (it may be finished meanwhile), false if none came in.
 */
bool pci_lu_in_get(void)
{
	static DEFINE_MUTEX(pci_lu_in_get_lock);
	static bool tried;
	struct pci_lu_incoming *in;

	/* Pairs with the release below: the record is published before */
	if (smp_load_acquire(&tried))
		return READ_ONCE(pci_lu.incoming);

	guard(mutex)(&pci_lu_in_get_lock);
	if (!tried && !liveupdate_flb_get_incoming(&pci_lu_flb, (void **)&in)) {
		scoped_guard(mutex, &pci_lu.lock) {
			pci_lu.incoming = in;
			pci_lu.incoming_ref = true;
		}
	}
	/* Pairs with the acquire above: later callers skip the lock */
	smp_store_release(&tried, true);
	return READ_ONCE(pci_lu.incoming);
}
