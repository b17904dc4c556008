// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: matching handed-over functions
 *
 * Each entry of the incoming record (pci-lu-in.c) is matched when the
 * function at its address is set up, before any fixup runs
 * (pci_setup_device() calls pci_lu_setup_device()): "ok" if vendor,
 * device, class and role are those recorded and its upstream bridge (set
 * up before it) is the handed-over one, "mismatch" otherwise, "missing"
 * while no function was set up there.  A matched function is marked
 * (PCI_DEV_LU_INCOMING, see drivers/pci/pci.h): the PCI core keeps its
 * Bus Master Enable through pci_disable_device() and binds no driver to
 * it unless it is a bridge, until the session is finished.
 *
 * A marked function is also held, as the outgoing side holds a preserved
 * one (pci-lu-safety.c): the PCI core refuses to reset it, or the bus
 * below it if it is a bridge (pci_lu_reset_refused() tests the mark), and
 * its runtime PM is pinned from its addition to the bus
 * (pci_lu_in_added(), a usage reference) so that no bridge of the path
 * suspends while its DMA goes on, whatever power/control says.  Losing
 * the mark, for any reason below, at finish or at abandon, releases both.
 *
 * An entry turns into a "mismatch", and its function loses the mark, if
 * a bridge on its path gets its bus numbers reassigned
 * (pci_lu_bridge_renumbered()); into "missing" if its function is
 * removed, and a function that appears there again later is a
 * "mismatch": it is not the one that was handed over.  A function that
 * appears later for the first time (hot-plug, a late host bridge) is
 * matched when it appears.  Every entry that is not "ok" has a reason.
 *
 * Locking: every entry point takes pci_lu.lock, possibly under a device
 * lock (a driver that scans or removes functions below it), which the
 * order of pci-lu-core.c allows; a virtual function returns before it
 * (never handed over), and the bus notifier calls pci_lu_in_added() only
 * for a marked function.  The mark is set before the function is added
 * and cleared under pci_lu.lock; the PCI core tests it without a lock.
 * The runtime PM reference is taken and dropped under pci_lu.lock
 * (pm_runtime_get_noresume() and pm_runtime_put() take no device lock
 * and resume nothing).
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/bsearch.h>
#include <linux/cleanup.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>

#include "pci.h"
#include "pci-lu-internal.h"

/* The entry of the record at @pdev's address, or NULL */
static struct pci_lu_in_entry *pci_lu_in_find(struct pci_lu_incoming *in,
					      struct pci_dev *pdev)
{
	const struct pci_lu_rec_key *hit;
	struct pci_lu_rec_key k = {
		.key = pci_lu_rec_key(pci_domain_nr(pdev->bus),
				      pdev->bus->number, pdev->devfn),
	};

	lockdep_assert_held(&pci_lu.lock);

	if (!in || !in->keys)
		return NULL;
	hit = bsearch(&k, in->keys, in->count, sizeof(k), pci_lu_rec_key_cmp);
	return hit ? &in->entries[hit->index] : NULL;
}

/*
 * Whether @pdev sits where the record says: below the handed-over bridge
 * that was set up at its upstream address, with bus numbers untouched.
 * The bridge was set up, and checked the same way, before @pdev.
 * Return: 0, -EXDEV (bus numbers above were reassigned) or -ESTALE.
 */
static int pci_lu_in_check_path(struct pci_lu_incoming *in,
				struct pci_dev *pdev, const char **why)
{
	struct pci_lu_in_entry *up;

	if (pci_is_root_bus(pdev->bus))
		return 0;
	/* A bus without a bridge that is not a root bus: SR-IOV's virtual bus */
	if (!pdev->bus->self) {
		*why = "its bus has no bridge";
		return -ESTALE;
	}

	up = pci_lu_in_find(in, pdev->bus->self);
	if (up && up->result == -EXDEV) {
		*why = "the bus numbers of a bridge on its path were reassigned";
		return -EXDEV;
	}
	if (!up || up->result) {
		*why = "its upstream bridge is not the handed-over one";
		return -ESTALE;
	}
	return 0;
}

/* Drop the runtime PM pin of an entry's function, if it has one */
static void pci_lu_in_unpin(struct pci_lu_in_entry *e)
{
	lockdep_assert_held(&pci_lu.lock);

	if (!e->pinned)
		return;
	pm_runtime_put(&e->pinned->dev);
	pci_dev_put(e->pinned);
	e->pinned = NULL;
}

/* Turn an entry into a "mismatch" or "missing" and unmark its function */
static void pci_lu_in_reject(struct pci_lu_in_entry *e, struct pci_dev *pdev,
			     int result, const char *why)
{
	e->result = result;
	e->why = why;
	pci_dev_assign_lu_incoming(pdev, false);
	pci_lu_in_unpin(e);
	pci_warn(pdev, "pci-lu: handed over, but %s\n", why);
}

/**
 * pci_lu_in_unmark() - Clear the mark of every function that matched.
 * @in: The incoming record.
 *
 * Caller holds pci_lu.lock.
 */
void pci_lu_in_unmark(struct pci_lu_incoming *in)
{
	unsigned int i;

	lockdep_assert_held(&pci_lu.lock);

	for (i = 0; i < in->count; i++) {
		struct pci_lu_in_entry *e = &in->entries[i];
		struct pci_dev *pdev __free(pci_dev_put) = NULL;

		if (e->result)
			continue;
		pdev = pci_get_domain_bus_and_slot(e->ent.domain, e->ent.bus,
						   e->ent.devfn);
		if (pdev)
			pci_dev_assign_lu_incoming(pdev, false);
		pci_lu_in_unpin(e);
	}
}

/**
 * pci_lu_in_added() - A marked function was added to the bus.
 * @pdev: The function, marked PCI_DEV_LU_INCOMING.
 *
 * The entry turns "ok" now (a function that pci_setup_device() marked
 * and then discarded never gets here, and its entry stays "missing").
 * Its runtime PM is initialised now: pin it (a usage reference), so that
 * neither the function nor, through it, a bridge above it runtime-suspends
 * until the mark goes.  A bridge's own pin keeps it resumed even once
 * userspace allows runtime PM for it (power/control "auto") and the PCIe
 * port driver's autosuspend would take it to D3hot.
 */
void pci_lu_in_added(struct pci_dev *pdev)
{
	struct pci_lu_in_entry *e;

	guard(mutex)(&pci_lu.lock);

	e = pci_lu_in_find(pci_lu.incoming, pdev);
	if (!e || e->result != -EINPROGRESS || !pci_dev_lu_incoming(pdev))
		return;
	e->result = 0;
	e->why = NULL;
	pm_runtime_get_noresume(&pdev->dev);
	e->pinned = pci_dev_get(pdev);
}

/**
 * pci_lu_setup_device() - Match a function being set up against the record.
 * @dev: The function; pci_setup_device() knows its vendor, device, class
 *       and header type, no fixup ran yet and it is not added yet.
 *
 * The first call takes the record over from LUO (pci_lu_in_get()).  If
 * the record lists @dev's address, @dev is the function recorded there
 * and its upstream bridge is the handed-over one with its bus numbers
 * untouched, @dev is marked PCI_DEV_LU_INCOMING until the session is
 * finished.
 *
 * Context: process context; a device lock may be held (a driver
 * scanning the functions below it).
 */
void pci_lu_setup_device(struct pci_dev *dev)
{
	struct pci_lu_in_entry *e;
	const char *why;
	int ret;

	/* Never handed over; set up by the hundred under the PF's lock */
	if (dev->is_virtfn || !pci_lu_in_get())
		return;

	guard(mutex)(&pci_lu.lock);

	e = pci_lu_in_find(pci_lu.incoming, dev);
	if (!e)
		return;

	if (e->gone) {
		pci_lu_in_reject(e, dev, -ESTALE,
				 "the function appeared again after it was removed: not the one handed over");
		return;
	}
	if (!pci_lu_rec_entry_match(&e->ent, dev)) {
		pci_lu_in_reject(e, dev, -ESTALE,
				 "vendor, device, class or role differ from the record");
		return;
	}
	ret = pci_lu_in_check_path(pci_lu.incoming, dev, &why);
	if (ret) {
		pci_lu_in_reject(e, dev, ret, why);
		return;
	}

	/* "ok" once added: pci_setup_device() may still discard it */
	e->result = -EINPROGRESS;
	e->why = "set up but not added to the bus";
	pci_dev_assign_lu_incoming(dev, true);
	/* One line per function costs the boot more than the rest of pci-lu */
	pci_dbg(dev, "pci-lu: handed over %s: Bus Master Enable kept%s until the live update is finished\n",
		e->ent.role == PCI_LU_ROLE_BRIDGE ? "bridge" : "device",
		e->ent.role == PCI_LU_ROLE_BRIDGE ? "" : ", no driver bound");
}

/**
 * pci_lu_in_summary() - One log line for the handed-over set.
 *
 * Called once, when PCI has enumerated the boot devices (late_initcall):
 * how many records matched a function, which is kept until finish.  Each
 * refused record has had its own warning; each kept function a debug line.
 */
void pci_lu_in_summary(void)
{
	struct pci_lu_incoming *in;
	unsigned int i, kept = 0;

	guard(mutex)(&pci_lu.lock);

	in = pci_lu.incoming;
	if (!in)
		return;
	for (i = 0; i < in->count; i++)
		if (!in->entries[i].result && !in->entries[i].gone)
			kept++;
	pr_info("kept %u of %u handed-over function(s) until the live update is finished\n",
		kept, in->count);
}

/**
 * pci_lu_bridge_renumbered() - A bridge's bus numbers are being reassigned.
 * @bridge: The bridge, about to have its bus numbers zeroed.
 * @broken: Its configuration was invalid; otherwise every bus is
 *          renumbered (pci=assign-busses, or the platform's policy).
 *
 * Requester IDs below @bridge change: if it was handed over, its entry,
 * and those of the functions set up below it afterwards, become a
 * "mismatch" and lose the mark.
 */
void pci_lu_bridge_renumbered(struct pci_dev *bridge, bool broken)
{
	struct pci_lu_in_entry *e;

	if (!pci_dev_lu_incoming(bridge))
		return;

	guard(mutex)(&pci_lu.lock);

	e = pci_lu_in_find(pci_lu.incoming, bridge);
	if (!e || e->result)
		return;
	pci_lu_in_reject(e, bridge, -EXDEV, broken ?
			 "its bus numbers were reassigned: the bridge configuration was invalid" :
			 "its bus numbers were reassigned: every bus is renumbered (pci=assign-busses)");
}

/**
 * pci_lu_in_removed() - A PCI function is being removed.
 * @pdev: The function.
 *
 * If it was handed over, its entry turns "missing" for good: a function
 * that appears at that address later is not the one handed over.
 */
void pci_lu_in_removed(struct pci_dev *pdev)
{
	struct pci_lu_in_entry *e;

	guard(mutex)(&pci_lu.lock);

	e = pci_lu_in_find(pci_lu.incoming, pdev);
	if (!e)
		return;
	if (!e->result)
		pci_info(pdev, "pci-lu: handed-over function removed\n");
	e->result = -ENODEV;
	e->why = "the function was removed after the handover";
	e->gone = true;
	pci_dev_assign_lu_incoming(pdev, false);
	pci_lu_in_unpin(e);
}
