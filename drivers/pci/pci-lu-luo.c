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
 * Both have fixed LUO names in every record format (see
 * include/linux/kho/abi/pci_lu.h, "Versioning").
 *
 * A workaround for LUO 7.2: LUO takes the FLB's incoming count from the
 * previous kernel's handover and drops it once for every finished file
 * of this handler (luo_flb_file_finish()).  If the previous kernel handed
 * over a pci-lu file but no FLB of this name (a kernel of record format
 * 1, whose FLB had another name), the count is zero and that drop
 * underflows: refcount_t's warning (a panic with panic_on_warn), and the
 * FLB's finish never runs.  So when no record came in at boot, the file's
 * finish, which LUO calls just before, unlinks the FLB from the handler;
 * the next open of /dev/pci-lu links it again (pci_lu_luo_relink()).  A
 * descriptor opened before (the one that finish retrieved) fails to be
 * preserved with -ESTALE meanwhile: LUO ran the FLBs of the handler
 * before the file's preserve, so linking the FLB there would have LUO
 * drop a count the FLB never took when it unwinds the failed preserve.
 *
 * LUO's registration functions are not exported, so this is built in.
 *
 * Locking: LUO serialises the callbacks of one session; each callback takes
 * pci_lu.lock where it touches &pci_lu (see pci-lu-out.c and pci-lu-in.c).
 * The FLB's preserve runs under LUO's registration lock, so pci_lu.lock
 * nests inside it; linking and unlinking the FLB takes
 * pci_lu_flb_link_lock, then LUO's registration lock, and is never done
 * under pci_lu.lock.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/luo.h>
#include <linux/kho/abi/memfd.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/pci-lu.h>
#include <linux/sysfs.h>

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

static struct liveupdate_file_handler pci_lu_fh;

/*
 * The handler is registered; the FLB that preserves is linked to it.
 * That FLB is pci_lu_flb, or format 1's in a test (pci_lu_flb_v1).
 */
static bool pci_lu_fh_registered, pci_lu_flb_linked;
static struct liveupdate_flb *pci_lu_flb_out = &pci_lu_flb;
static DEFINE_MUTEX(pci_lu_flb_link_lock);

static int pci_lu_luo_link_locked(void)
{
	int ret;

	lockdep_assert_held(&pci_lu_flb_link_lock);
	if (pci_lu_flb_linked || !pci_lu_fh_registered)
		return 0;
	ret = liveupdate_register_flb(&pci_lu_fh, pci_lu_flb_out);
	if (ret)
		return ret;
	pci_lu_flb_linked = true;
	return 1;
}

static void pci_lu_luo_unlink_locked(void)
{
	lockdep_assert_held(&pci_lu_flb_link_lock);
	if (!pci_lu_flb_linked)
		return;
	liveupdate_unregister_flb(&pci_lu_fh, pci_lu_flb_out);
	pci_lu_flb_linked = false;
}

/**
 * pci_lu_luo_relink() - Link the FLB to the file handler again.
 *
 * After a handover that brought a pci-lu file but no record (see the DOC
 * above), the FLB is unlinked until this runs, at the open of
 * /dev/pci-lu.  Context: no LUO lock held.
 *
 * Return: 1 if it was linked now, 0 if it was linked already (or there is
 * no live update), or the error of liveupdate_register_flb().
 */
int pci_lu_luo_relink(void)
{
	guard(mutex)(&pci_lu_flb_link_lock);
	return pci_lu_luo_link_locked();
}

/* Unlink the FLB for LUO's finish of a file that came without a record */
static void pci_lu_luo_unlink(void)
{
	guard(mutex)(&pci_lu_flb_link_lock);
	pci_lu_luo_unlink_locked();
}

#ifdef CONFIG_PCI_LU_FORMAT_TEST
/* Format 1's FLB name, which no kernel of format 2 or later looks for */
#define PCI_LU_FLB_V1_COMPATIBLE	"pci-lu-flb-v1"

static struct liveupdate_flb pci_lu_flb_v1 = {
	.ops		= &pci_lu_flb_ops,
	.compatible	= PCI_LU_FLB_V1_COMPATIBLE,
};

/**
 * pci_lu_luo_test_flb_name() - Test kernels: hand over under format 1's name.
 * @legacy: Preserve the record with an FLB named as in record format 1;
 *          false: the real one.
 *
 * Caller does not hold pci_lu.lock; nothing is preserved.
 */
void pci_lu_luo_test_flb_name(bool legacy)
{
	struct liveupdate_flb *want = legacy ? &pci_lu_flb_v1 : &pci_lu_flb;

	guard(mutex)(&pci_lu_flb_link_lock);
	if (want == pci_lu_flb_out)
		return;
	pci_lu_luo_unlink_locked();
	pci_lu_flb_out = want;
	pci_lu_luo_link_locked();
}
#endif

static bool pci_lu_can_preserve(struct liveupdate_file_handler *handler,
				struct file *file)
{
	return file->f_op == &pci_lu_fops;
}

/*
 * The FLB preserve ran first: it fixed the set and published the record.
 * Unless the FLB was unlinked (DOC above): then nothing was preserved.
 */
static int pci_lu_preserve(struct liveupdate_file_op_args *args)
{
	scoped_guard(mutex, &pci_lu_flb_link_lock) {
		if (pci_lu_flb_linked)
			return 0;
	}
	pr_warn("preserve refused: this descriptor was opened before a handover without a record was finished; open /dev/pci-lu again\n");
	return -ESTALE;
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
	int err;

	scoped_guard(mutex, &pci_lu.lock) {
		put = pci_lu.incoming_ref;
		pci_lu.incoming_ref = false;
		err = pci_lu.incoming_err;
	}

	/* Drop the reference taken at boot; LUO drops its own next */
	if (put) {
		liveupdate_flb_put_incoming(&pci_lu_flb);
		return;
	}
	/* No record came with this file: LUO's drop would underflow (DOC) */
	if (err == -ENOENT || err == -ENODATA) {
		pr_err("finished a pci-lu file that came without a record this kernel reads (%s): nothing was taken over\n",
		       err == -ENOENT ? "no FLB " PCI_LU_FLB_COMPATIBLE :
		       "no FLB at all");
		pci_lu_luo_unlink();
	}
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
	.compatible	= PCI_LU_FILE_COMPATIBLE,
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

	scoped_guard(mutex, &pci_lu_flb_link_lock) {
		pci_lu_fh_registered = true;
		ret = pci_lu_luo_link_locked();
	}
	if (ret < 0) {
		pr_err("cannot register the handover object: %d\n", ret);
		scoped_guard(mutex, &pci_lu_flb_link_lock)
			pci_lu_fh_registered = false;
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
	if (!tried) {
		int ret = liveupdate_flb_get_incoming(&pci_lu_flb, (void **)&in);

		scoped_guard(mutex, &pci_lu.lock) {
			pci_lu.incoming_err = ret;
			if (!ret) {
				pci_lu.incoming = in;
				pci_lu.incoming_ref = true;
			}
		}
	}
	/* Pairs with the acquire above: later callers skip the lock */
	smp_store_release(&tried, true);
	return READ_ONCE(pci_lu.incoming);
}

/**
 * pci_lu_compatibles_show() - What the next kernel must read.
 * @buf: A page.
 *
 * One line per handover format a live update from this kernel writes,
 * "<family> <compatible>": pci-lu's (%PCI_LU_VERSION), LUO's and KHO's
 * ABI, and that of the memfd file handler if built in.  A next kernel
 * image that lacks one of them cannot take the update over
 * (`pci-lu image-check`).
 *
 * Return: the number of bytes written.
 */
ssize_t pci_lu_compatibles_show(char *buf)
{
	int len;

	len = sysfs_emit(buf, "pci-lu %s\nluo %s\nkho %s\n", PCI_LU_VERSION,
			 LUO_ABI_COMPATIBLE, KHO_FDT_COMPATIBLE);
	if (IS_ENABLED(CONFIG_LIVEUPDATE_MEMFD))
		len += sysfs_emit_at(buf, len, "memfd %s\n",
				     MEMFD_LUO_FH_COMPATIBLE);
	return len;
}
EXPORT_SYMBOL_GPL(pci_lu_compatibles_show);
