// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: the outgoing side
 *
 * The state machine of the kernel that is about to be replaced:
 *
 * - preserve (the FLB of the first /dev/pci-lu descriptor a LUO session
 *   preserves): every function of the set is held (pci-lu-safety.c:
 *   runtime PM pinned, resets refused), the set is checked, fixed (the
 *   frontend pins its items and its module stays loaded until unpreserve),
 *   and a KHO-preserved record with room for every node is allocated and
 *   stamped.  IDLE -> PRESERVED.  An unfinished incoming set (pci-lu-in.c)
 *   does not stand in the way: the two sides are independent.
 * - freeze (LUO, during reboot(), before the kexec shutdown): the loaded
 *   next kernel is checked (pci-lu-image.c) and the set again, INTx is
 *   masked on every kept device that has it enabled, PCI_COMMAND and the
 *   identity of every node (read from config space at preserve) are
 *   written into the record, which is sealed, and every node's pci_dev is
 *   marked so that pci_device_shutdown() keeps its Bus Master Enable.
 *   PRESERVED -> FROZEN.  A failure refuses the reboot.
 * - unfreeze (the reboot was aborted): marks cleared, INTx unmasked where
 *   the freeze masked it, record unsealed.  FROZEN -> PRESERVED.
 * - unpreserve (the session was closed before a kexec): the record is
 *   freed, the items unpinned, the hold released.  PRESERVED -> IDLE.
 *
 * The marks are the one place where the PCI core learns about the set: a
 * bit in &pci_dev.priv_flags (drivers/pci/pci.h), which
 * pci_device_shutdown() tests without a lock.  A per-device
 * pci_liveupdate_preserve() call of the upstream "PCI: liveupdate" series
 * would take the place of pci_lu_mark() below.
 *
 * Locking: the transitions run under pci_lu.lock, except the hold and
 * its release (device locks, runtime resume: pci-lu-safety.c), the
 * frontend's pin and put calls of preserve, which take configfs locks
 * (see pci_lu_out_preserve()), and the module reference of a failed
 * preserve, dropped after its last frontend call.  The marks are set and
 * cleared under the lock and read without it.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <trace/events/pci_lu.h>

#include "pci.h"
#include "pci-lu-internal.h"

static void pci_lu_unpin_all(void)
{
	struct pci_lu_item *item;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(item, &pci_lu.items, list) {
		if (item->pinned)
			pci_lu.fe->unpin(item->data);
		item->pinned = false;
	}
}

/*
 * The identity of every node as config space has it, for the record; and
 * one line for a device that does not master: it is kept, with nothing to
 * keep running.
 */
static int pci_lu_read_ids(void)
{
	struct pci_lu_node *node;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list) {
		if (pci_read_config_dword(node->pdev, PCI_VENDOR_ID,
					  &node->raw_id) ||
		    PCI_POSSIBLE_ERROR(node->raw_id) ||
		    pci_read_config_dword(node->pdev, PCI_CLASS_REVISION,
					  &node->raw_class) ||
		    PCI_POSSIBLE_ERROR(node->raw_class)) {
			pr_err("preserve refused: %s: cannot read its identity\n",
			       node->name);
			return -EIO;
		}
		if (!node->bridge && !pci_lu_masters(node->pdev))
			pr_info("%s does not master (Bus Master Enable off): kept with no DMA to keep\n",
				node->name);
	}
	return 0;
}

/*
 * Under the lock: may the set be preserved now?  Fixes it (no item can be
 * created until the preservation is over) and collects what to hold.
 */
static int pci_lu_preserve_begin(struct pci_lu_holds **holdsp,
				 unsigned long *gen)
{
	guard(mutex)(&pci_lu.lock);

	/* An unfinished incoming set does not keep a new one from being made */
	if (pci_lu.state != PCI_LU_STATE_IDLE || pci_lu.preserving) {
		pr_err("preserve refused: state is %s\n",
		       pci_lu_state_name(pci_lu.state));
		return -EBUSY;
	}
	if (list_empty(&pci_lu.items) || WARN_ON(!pci_lu.fe)) {
		pr_err("preserve refused: no device is opted in\n");
		return -ENOENT;
	}

	/*
	 * The frontend's callbacks are called until unpreserve, the last put
	 * of an item (its release) possibly after a concurrent rmdir.
	 */
	if (!try_module_get(pci_lu.fe->owner)) {
		pr_err("preserve refused: the admin interface is going away\n");
		return -EBUSY;
	}

	*holdsp = pci_lu_holds_collect();
	if (!*holdsp) {
		module_put(pci_lu.fe->owner);
		return -ENOMEM;
	}
	*gen = pci_lu.generation;
	pci_lu.preserving = true;
	return 0;
}

/*
 * Under the lock again, every function held (a runtime-suspended bridge is
 * resumed before the checks): check the set and keep its items alive
 * while they are pinned without the lock.
 */
static int pci_lu_preserve_check(unsigned long gen, void ***datap,
				 unsigned int *nr_items, unsigned int *nr_nodes)
{
	struct pci_lu_item *item;
	unsigned int i = 0;
	void **data;
	int ret;

	guard(mutex)(&pci_lu.lock);

	/* An rmdir since the functions were collected: they are not the set */
	if (pci_lu.generation != gen) {
		pr_err("preserve refused: the configuration is changing\n");
		return -EBUSY;
	}
	ret = pci_lu_check_all("preserve");
	if (ret)
		return ret;
	ret = pci_lu_read_ids();
	if (ret)
		return ret;

	*nr_items = list_count_nodes(&pci_lu.items);
	*nr_nodes = list_count_nodes(&pci_lu.nodes);
	data = kcalloc(*nr_items, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;

	list_for_each_entry(item, &pci_lu.items, list) {
		data[i++] = item->data;
		pci_lu.fe->get(item->data);
	}
	*datap = data;
	return 0;
}

/**
 * pci_lu_out_preserve() - FLB .preserve: fix the set for a live update.
 * @argp: LUO's arguments; gets the record's physical address and object.
 *
 * Three steps under pci_lu.lock, with what may not run under it between
 * them: collect the functions of the set, hold them without the lock
 * (their device locks, runtime resume: pci-lu-safety.c), check the set
 * and take references on its items, pin the items without the lock, then
 * commit.  The frontend pins its items (configfs_depend_item() takes the
 * configfs root inode lock) without pci_lu.lock held: configfs attribute
 * reads take pci_lu.lock under configfs locks, so the other order would
 * deadlock.  pci_lu.preserving keeps items from being created meanwhile;
 * an item that is removed meanwhile fails the preservation (the set's
 * generation changed, or its pin fails), and every hold is released.
 *
 * Return: 0, -EBUSY (not idle, or the set is changing), -ENOENT (nothing
 * opted in), -ENOLINK (a path is blocked), -ENOMEM.
 */
int pci_lu_out_preserve(struct liveupdate_flb_op_args *argp)
{
	unsigned int nr_items = 0, nr_nodes, i, pinned;
	const struct pci_lu_frontend *fe;
	struct pci_lu_holds *holds;
	struct pci_lu_rec *rec;
	void **data = NULL;
	unsigned long gen;
	int ret;

	ret = pci_lu_preserve_begin(&holds, &gen);
	if (ret)
		return ret;
	fe = pci_lu.fe;

	pci_lu_holds_take(holds);

	ret = pci_lu_preserve_check(gen, &data, &nr_items, &nr_nodes);
	if (ret)
		goto err_clear_preserving;

	rec = kho_alloc_preserve(pci_lu_rec_size(nr_nodes));
	if (IS_ERR(rec)) {
		ret = PTR_ERR(rec);
		goto err_clear_preserving;
	}
	pci_lu_rec_init(rec, nr_nodes);

	for (pinned = 0; pinned < nr_items; pinned++) {
		ret = fe->pin(data[pinned]);
		if (ret) {
			pr_err("preserve refused: the configuration is changing\n");
			ret = -EBUSY;
			goto err_unpin;
		}
	}

	scoped_guard(mutex, &pci_lu.lock) {
		struct pci_lu_item *item;

		list_for_each_entry(item, &pci_lu.items, list)
			item->pinned = true;
		pci_lu.preserving = false;
		pci_lu.rec = rec;
		pci_lu.holds = holds;
		pci_lu.state = PCI_LU_STATE_PRESERVED;
		pr_info("preserved %u device(s), %u bridge(s)\n",
			pci_lu_nr_nodes(false), pci_lu_nr_nodes(true));
	}
	argp->data = virt_to_phys(rec);
	argp->obj = rec;
	goto out_put_items;

err_unpin:
	while (pinned--)
		fe->unpin(data[pinned]);
	kho_unpreserve_free(rec);
err_clear_preserving:
	scoped_guard(mutex, &pci_lu.lock)
		pci_lu.preserving = false;
	pci_lu_holds_drop(holds);
out_put_items:
	/* Outside the lock: the last put releases an item, which takes it */
	for (i = 0; i < nr_items; i++)
		fe->put(data[i]);
	kfree(data);
	/* After the last call into the frontend */
	if (ret)
		module_put(fe->owner);
	return ret;
}

/**
 * pci_lu_out_unpreserve() - FLB .unpreserve: the session was closed.
 * @argp: LUO's arguments, with the record as object.
 *
 * The holds are released after pci_lu.lock is dropped (pci-lu-safety.c).
 */
void pci_lu_out_unpreserve(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_holds *holds;
	struct module *owner;

	scoped_guard(mutex, &pci_lu.lock) {
		pci_lu_unpin_all();
		holds = pci_lu.holds;
		pci_lu.holds = NULL;
		kho_unpreserve_free(argp->obj);
		pci_lu.rec = NULL;
		pci_lu.state = PCI_LU_STATE_IDLE;
		owner = pci_lu.fe->owner;
		pr_info("preservation cancelled\n");
	}
	pci_lu_holds_drop(holds);
	module_put(owner);
}

static void pci_lu_fill_entry(struct pci_lu_rec_entry *ent,
			      struct pci_lu_node *node, u16 cmd)
{
	struct pci_dev *pdev = node->pdev;

	pci_lu_rec_fill_entry(ent, pci_domain_nr(pdev->bus), pdev->bus->number,
			      pdev->devfn,
			      node->bridge ? PCI_LU_ROLE_BRIDGE :
					     PCI_LU_ROLE_ENDPOINT,
			      node->raw_id, node->raw_class, cmd);
}

/*
 * The freeze sets INTx Disable on every kept device that has an INTx pin
 * (an interrupt raised through the kexec must not assert a line that the
 * next kernel shares with a driver); an aborted reboot clears it again.
 */
static void pci_lu_mask_intx(struct pci_lu_node *node, u16 *cmd)
{
	if (node->bridge || !node->pdev->pin ||
	    *cmd & PCI_COMMAND_INTX_DISABLE)
		return;
	*cmd |= PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(node->pdev, PCI_COMMAND, *cmd);
	node->intx_masked = true;
}

static void pci_lu_unmask_intx(void)
{
	struct pci_lu_node *node;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list) {
		if (node->intx_masked && node->pdev)
			pci_intx(node->pdev, 1);
		node->intx_masked = false;
	}
}

/* Mark every node for pci_device_shutdown(), or clear the marks */
static void pci_lu_mark(bool keep)
{
	struct pci_lu_node *node;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list)
		if (node->pdev)
			pci_dev_assign_lu_keep_master(node->pdev, keep);
}

static int pci_lu_freeze_locked(struct pci_lu_rec *rec)
{
	struct pci_lu_node *node;
	unsigned int n = 0;
	int ret;

	lockdep_assert_held(&pci_lu.lock);

	ret = pci_lu_image_check();
	if (ret)
		return ret;

	ret = pci_lu_check_all("freeze");
	if (ret)
		return ret;

	list_for_each_entry(node, &pci_lu.nodes, list) {
		u16 cmd;

		if (pci_lu_read_command(node->pdev, &cmd)) {
			pr_err("freeze refused: %s: cannot read PCI_COMMAND\n",
			       node->name);
			pci_lu_unmask_intx();
			return -EIO;
		}
		/* Room for every node was made at preserve, and nodes stay */
		if (WARN_ON(n >= rec->capacity)) {
			pci_lu_unmask_intx();
			return -EIO;
		}
		pci_lu_mask_intx(node, &cmd);
		pci_lu_fill_entry(&rec->entries[n++], node, cmd);
	}

	n = 0;
	list_for_each_entry(node, &pci_lu.nodes, list) {
		node->saved_cmd = rec->entries[n++].command;
		node->saved = true;
	}
	pci_lu_rec_seal(rec, n, pci_lu_write_format());
	pci_lu_mark(true);
	pci_lu.state = PCI_LU_STATE_FROZEN;
	return 0;
}

/**
 * pci_lu_out_freeze() - LUO freeze: capture the set and seal the record.
 *
 * The set cannot have changed since preserve (its items are pinned, and a
 * removed function leaves its node), so the record has room for every
 * node.  Nothing is committed unless every read succeeded.  The
 * pci_lu_freeze_begin and pci_lu_freeze_end tracepoints bracket it.
 *
 * Return: 0, -ENOLINK (a path is blocked), -EIO (PCI_COMMAND unreadable).
 */
int pci_lu_out_freeze(void)
{
	unsigned int nr_devices, nr_bridges;
	int ret;

	guard(mutex)(&pci_lu.lock);

	if (WARN_ON(pci_lu.state != PCI_LU_STATE_PRESERVED || !pci_lu.rec))
		return -EINVAL;

	trace_pci_lu_freeze_begin(pci_lu.rec->capacity);
	ret = pci_lu_freeze_locked(pci_lu.rec);
	nr_devices = pci_lu_nr_nodes(false);
	nr_bridges = pci_lu_nr_nodes(true);
	trace_pci_lu_freeze_end(nr_devices, nr_bridges, ret);

	if (!ret)
		pr_info("frozen: %u device(s), %u bridge(s)\n", nr_devices,
			nr_bridges);
	return ret;
}

/**
 * pci_lu_out_unfreeze() - LUO unfreeze: the reboot was aborted.
 */
void pci_lu_out_unfreeze(void)
{
	guard(mutex)(&pci_lu.lock);

	if (pci_lu.state != PCI_LU_STATE_FROZEN)
		return;

	pci_lu_mark(false);
	pci_lu_unmask_intx();
	pci_lu_rec_unseal(pci_lu.rec);
	pci_lu.state = PCI_LU_STATE_PRESERVED;
	pr_info("kexec aborted: set is preserved again\n");
}
