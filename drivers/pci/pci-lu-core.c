// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update core: state, frontend, initcall
 *
 * At kexec, pci_device_shutdown() clears Bus Master Enable on every PCI
 * function, so a device that has to keep doing DMA across a live update,
 * and every bridge above it, stops.  PCI live update keeps a set of opted-in
 * devices (pci-lu-set.c), checks the path from each of them up to its root
 * port (pci-lu-check.c) and whether keeping it mastering is safe
 * (pci-lu-safety.c, which also holds the set while it is preserved: runtime
 * PM pinned, resets refused), ties the set to a Live Update Orchestrator (LUO)
 * session (pci-lu-luo.c), records PCI_COMMAND of every preserved function
 * at LUO freeze in a KHO-preserved record (pci-lu-out.c, pci-lu-rec.c)
 * once the loaded next kernel proved able to take it (pci-lu-image.c),
 * marks those functions so that the kexec shutdown leaves their Bus Master
 * Enable alone, and hands the record to the next kernel, which checks it
 * against the devices it finds (pci-lu-in.c).  /dev/pci-lu (pci-lu-dev.c)
 * hands out the descriptors that stand for the set in a LUO session; an
 * admin frontend (pci-lu-configfs.c) opts devices in and out.
 *
 * Locking: pci_lu.lock, a mutex, protects the whole state of this kernel:
 * &pci_lu, every &struct pci_lu_node and &struct pci_lu_item, the incoming
 * records.  It is taken after pci_lock_rescan_remove() (opt-in, and the
 * removal notifier run under it) and may be taken under a device lock
 * (a PF driver enabling or disabling SR-IOV, a driver that removes the
 * functions below it); under it, no device lock is taken and no device is
 * resumed: the hold and its release, which need both, run without it
 * (pci-lu-safety.c), and the checks read a function's driver as a
 * snapshot.  Under it code reads and writes config space, takes an IOMMU
 * group's mutex (pci-lu-safety.c) and LUO's FLB lock only in
 * pci_lu_in_get(), which documents its own order.  The admin frontend's
 * get/unpin callbacks run under it and must not take configfs locks, its
 * put/pin callbacks run without it.  Two things are read without it: the
 * record codec (pci-lu-rec.c, pure functions of a buffer) and the
 * per-device bits of drivers/pci/pci.h: "keep Bus Master Enable", which
 * pci_device_shutdown() tests and the outgoing side sets and clears under
 * the lock; "held", which the reset paths and driver matching test and
 * pci-lu-safety.c sets and clears under the device lock; "incoming"
 * (pci-lu-match.c).
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "pci.h"
#include "pci-lu-internal.h"

/* Last: the other headers must not define their tracepoints here too */
#define CREATE_TRACE_POINTS
#include <trace/events/pci_lu.h>

struct pci_lu_core pci_lu = {
	.lock = __MUTEX_INITIALIZER(pci_lu.lock),
	.items = LIST_HEAD_INIT(pci_lu.items),
	.nodes = LIST_HEAD_INIT(pci_lu.nodes),
};

static const char * const pci_lu_state_names[] = {
	[PCI_LU_STATE_IDLE]	 = "idle",
	[PCI_LU_STATE_PRESERVED] = "preserved",
	[PCI_LU_STATE_FROZEN]	 = "frozen",
	[PCI_LU_STATE_INCOMING]	 = "incoming",
};

/**
 * pci_lu_state_name() - Name of a state, as shown to userspace.
 * @state: The state.
 *
 * Return: "idle", "preserved", "frozen" or "incoming".
 */
const char *pci_lu_state_name(enum pci_lu_state state)
{
	if (state >= ARRAY_SIZE(pci_lu_state_names))
		return "unknown";
	return pci_lu_state_names[state];
}
EXPORT_SYMBOL_GPL(pci_lu_state_name);

/**
 * pci_lu_state_locked() - The state shown to userspace.
 *
 * The outgoing state if a set is preserved or frozen, else "incoming"
 * while handed-over records are not finished: the two sides are
 * independent, an unfinished incoming set does not keep a new one from
 * being preserved.  Caller holds pci_lu.lock.
 *
 * Return: the &enum pci_lu_state.
 */
enum pci_lu_state pci_lu_state_locked(void)
{
	lockdep_assert_held(&pci_lu.lock);

	if (pci_lu.state == PCI_LU_STATE_IDLE && pci_lu.incoming)
		return PCI_LU_STATE_INCOMING;
	return pci_lu.state;
}

/**
 * pci_lu_get_state() - Current state of the preserved set.
 *
 * Return: the &enum pci_lu_state.
 */
enum pci_lu_state pci_lu_get_state(void)
{
	guard(mutex)(&pci_lu.lock);
	return pci_lu_state_locked();
}
EXPORT_SYMBOL_GPL(pci_lu_get_state);

/**
 * pci_lu_set_locked() - Is the set fixed for a live update?
 *
 * Caller holds pci_lu.lock.
 *
 * Return: true while a preservation is being set up, and while the set is
 * preserved or frozen.
 */
bool pci_lu_set_locked(void)
{
	lockdep_assert_held(&pci_lu.lock);

	return pci_lu.preserving || pci_lu.state == PCI_LU_STATE_PRESERVED ||
	       pci_lu.state == PCI_LU_STATE_FROZEN;
}

/**
 * pci_lu_nr_nodes() - Count the preserved functions of one kind.
 * @bridge: Count the bridges (true) or the opted-in devices (false).
 *
 * Caller holds pci_lu.lock.
 *
 * Return: the count.
 */
unsigned int pci_lu_nr_nodes(bool bridge)
{
	struct pci_lu_node *node;
	unsigned int n = 0;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list)
		n += node->bridge == bridge;
	return n;
}

/**
 * pci_lu_read_command() - Read PCI_COMMAND, failing on an absent device.
 * @pdev: The function, or NULL if it was removed.
 * @cmd:  Where to store the value.
 *
 * Return: 0, or -ENODEV if @pdev is NULL, the read fails or returns the
 * all-ones of a device that is not there.
 */
int pci_lu_read_command(struct pci_dev *pdev, u16 *cmd)
{
	if (!pdev || pci_read_config_word(pdev, PCI_COMMAND, cmd) ||
	    PCI_POSSIBLE_ERROR(*cmd))
		return -ENODEV;
	return 0;
}

/**
 * pci_lu_bdf() - Format an address the way pci_name() does.
 * @buf:    At least %PCI_LU_NAME_LEN bytes.
 * @domain: PCI domain.
 * @bus:    Bus number.
 * @devfn:  Device and function.
 *
 * For addresses that have no &struct pci_dev: read from a record, or asked
 * about by userspace.
 *
 * Return: @buf.
 */
const char *pci_lu_bdf(char *buf, u32 domain, u8 bus, u8 devfn)
{
	snprintf(buf, PCI_LU_NAME_LEN, "%04x:%02x:%02x.%d", domain, bus,
		 PCI_SLOT(devfn), PCI_FUNC(devfn));
	return buf;
}

/**
 * pci_lu_register_frontend() - Register the admin frontend.
 * @fe: Its callbacks.
 *
 * Return: 0, or -EBUSY if a frontend is registered already.
 */
int pci_lu_register_frontend(const struct pci_lu_frontend *fe)
{
	guard(mutex)(&pci_lu.lock);

	if (pci_lu.fe)
		return -EBUSY;
	pci_lu.fe = fe;
	return 0;
}
EXPORT_SYMBOL_GPL(pci_lu_register_frontend);

/**
 * pci_lu_unregister_frontend() - Unregister the admin frontend.
 * @fe: What pci_lu_register_frontend() got.
 *
 * The frontend must have destroyed its items first.
 */
void pci_lu_unregister_frontend(const struct pci_lu_frontend *fe)
{
	guard(mutex)(&pci_lu.lock);

	if (!WARN_ON(pci_lu.fe != fe))
		pci_lu.fe = NULL;
}
EXPORT_SYMBOL_GPL(pci_lu_unregister_frontend);

/*
 * Additions: a function handed over by the previous kernel is pinned once
 * its runtime PM is set up (pci-lu-match.c); no lock is taken for an
 * unmarked function.  Hot removal: the node stays, without its device,
 * and blocks its items.  A virtual function is never opted in nor handed
 * over: it returns at once (sriov_numvfs adds and removes them by the
 * hundred, under its PF's device lock).
 */
static int pci_lu_bus_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct pci_dev *pdev = to_pci_dev(data);

	if (pdev->is_virtfn)
		return NOTIFY_DONE;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		if (pci_dev_lu_incoming(pdev))
			pci_lu_in_added(pdev);
		return NOTIFY_OK;
	case BUS_NOTIFY_DEL_DEVICE:
		pci_lu_node_removed(pdev);
		pci_lu_in_removed(pdev);
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

static struct notifier_block pci_lu_bus_nb = {
	.notifier_call = pci_lu_bus_notify,
};

/*
 * Before PCI enumerates (subsys_initcall), after the PCI bus type exists
 * (postcore_initcall): a handed-over function is pinned when it is added
 * at boot, and one removed during boot is seen as gone.
 */
static int __init pci_lu_notifier_init(void)
{
	return bus_register_notifier(&pci_bus_type, &pci_lu_bus_nb);
}
arch_initcall(pci_lu_notifier_init);

static int __init pci_lu_init(void)
{
	int ret;

	ret = pci_lu_safety_init();
	if (ret)
		return ret;

	ret = pci_lu_dev_init();
	if (ret)
		goto err_safety_exit;

	pci_lu_luo_init();
	pci_lu_debugfs_init();
	return 0;

err_safety_exit:
	pci_lu_safety_exit();
	return ret;
}
late_initcall(pci_lu_init);
