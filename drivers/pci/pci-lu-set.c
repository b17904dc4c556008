// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: the opted-in set
 *
 * An item is one opted-in device; a node is one PCI function that the set
 * needs: an opted-in device, or a bridge on the path of one.  Bridges are
 * preserved implicitly: a bridge shared by several items is one node with a
 * count of its users, released when the last of them goes.  A node holds a
 * reference on its &struct pci_dev until the function is hot-removed; the
 * node then stays, without the device, and blocks every item that needs it
 * until the item is opted out.
 *
 * Locking: everything here runs under pci_lu.lock.  While the set is locked
 * for a live update (pci_lu_set_locked()), items are not created
 * (creation fails with -EBUSY) and, once the frontend pinned them, not
 * destroyed; an rmdir before the pin makes the preservation fail.
 * Creation also holds pci_lock_rescan_remove(), taken before pci_lu.lock
 * (the order of the removal notifier, which runs under it), so that no
 * function of the path goes away while its nodes are made.  Nodes do not
 * own the hold of their functions: the preservation does (pci_lu.holds,
 * pci-lu-safety.c), so a node that goes while its function is held (an
 * rmdir racing a preserve, a hot removal) leaves the hold to be released
 * with the preservation's, and nothing here takes a device lock.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/cleanup.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "pci.h"
#include "pci-lu-internal.h"

/**
 * pci_lu_node_find() - The node of a PCI function, if the set has one.
 * @pdev: The function.
 *
 * Caller holds pci_lu.lock.
 *
 * Return: the node, or NULL.
 */
struct pci_lu_node *pci_lu_node_find(struct pci_dev *pdev)
{
	struct pci_lu_node *node;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list)
		if (node->pdev == pdev)
			return node;
	return NULL;
}

/* Takes over the caller's reference on @pdev on success. */
static struct pci_lu_node *pci_lu_node_get(struct pci_dev *pdev, bool bridge)
{
	struct pci_lu_node *node;

	lockdep_assert_held(&pci_lu.lock);

	node = pci_lu_node_find(pdev);
	if (node) {
		node->users++;
		pci_dev_put(pdev);
		return node;
	}

	node = kzalloc_obj(*node);
	if (!node)
		return NULL;

	node->pdev = pdev;
	node->bridge = bridge;
	node->users = 1;
	strscpy(node->name, pci_name(pdev));
	list_add_tail(&node->list, &pci_lu.nodes);
	return node;
}

static void pci_lu_node_put(struct pci_lu_node *node)
{
	lockdep_assert_held(&pci_lu.lock);

	if (--node->users)
		return;

	/* A hold of its function is the preservation's (pci_lu.holds) */
	list_del(&node->list);
	pci_dev_put(node->pdev);
	kfree(node);
}

/**
 * pci_lu_node_removed() - A PCI function is being removed.
 * @pdev: The function.
 *
 * If the set needs it, its node drops the reference and stays, so that
 * every item needing it is blocked and names it.
 */
void pci_lu_node_removed(struct pci_dev *pdev)
{
	struct pci_lu_node *node;

	guard(mutex)(&pci_lu.lock);

	node = pci_lu_node_find(pdev);
	if (!node)
		return;

	pci_warn(pdev, "pci-lu: preserved %s removed; dependent devices are blocked\n",
		 node->bridge ? "bridge" : "device");
	node->pdev = NULL;
	pci_dev_put(pdev);
}

static void pci_lu_item_put_nodes(struct pci_lu_item *item, unsigned int n)
{
	while (n--)
		pci_lu_node_put(pci_lu_item_hop(item, n));
}

/* pci_lu_item_create() without the rescan/remove lock */
static struct pci_lu_item *
__pci_lu_item_create(u32 domain, u8 bus, u8 devfn, void *data,
		     const char **reason)
{
	struct pci_dev *pdev __free(pci_dev_put) = NULL;
	struct pci_lu_item *item;
	struct pci_dev *hop;
	unsigned int n = 0;
	int ret;

	guard(mutex)(&pci_lu.lock);

	if (pci_lu_set_locked()) {
		*reason = "the set is preserved in a live update session";
		return ERR_PTR(-EBUSY);
	}

	pdev = pci_get_domain_bus_and_slot(domain, bus, devfn);
	if (!pdev) {
		*reason = "no such device";
		return ERR_PTR(-ENODEV);
	}

	ret = pci_lu_check_kind(pdev, reason);
	if (ret)
		return ERR_PTR(ret);

	if (pci_lu_node_find(pdev)) {
		*reason = "already opted in";
		return ERR_PTR(-EEXIST);
	}

	for (hop = pdev; hop; hop = pci_upstream_bridge(hop)) {
		if (!pci_dev_is_added(hop)) {
			*reason = hop == pdev ? "is being added or removed" :
				  "a bridge of its path is being added or removed";
			return ERR_PTR(-ENODEV);
		}
		n += hop != pdev;
	}

	item = kzalloc_flex(*item, hops, n);
	if (!item)
		goto err_nomem;
	item->nr_hops = n;
	item->data = data;

	/* Node 0 is the device, the bridges follow upwards */
	hop = no_free_ptr(pdev);
	for (n = 0; hop; n++) {
		struct pci_lu_node *node = pci_lu_node_get(hop, n > 0);

		if (!node) {
			pci_dev_put(hop);
			goto err_put_nodes;
		}
		if (n)
			item->hops[n - 1] = node;
		else
			item->ep = node;
		hop = pci_dev_get(pci_upstream_bridge(node->pdev));
	}

	list_add_tail(&item->list, &pci_lu.items);
	return item;

err_put_nodes:
	pci_lu_item_put_nodes(item, n);
	kfree(item);
err_nomem:
	*reason = "out of memory";
	return ERR_PTR(-ENOMEM);
}

/**
 * pci_lu_item_create() - Opt a device in.
 * @domain: PCI domain of the device.
 * @bus:    Bus number.
 * @devfn:  Device and function.
 * @data:   Frontend cookie for its callbacks.
 * @reason: Set to a short reason when the request is refused.
 *
 * Takes a reference on the device and on every bridge up to its root port;
 * bridges already preserved for another device are shared.  The path is not
 * required to be usable now: pci_lu_item_status() says whether it is.
 *
 * Runs under pci_lock_rescan_remove(), so that no function of the path
 * can be removed meanwhile, and refuses a function that is not (or no
 * longer) added to the bus: the removal notifier would never see it.
 *
 * Return: the new item, or an ERR_PTR(): -EBUSY while the set is preserved
 * or frozen, -ENODEV if there is no such device or a function of its path
 * is being added or removed, -EOPNOTSUPP for a virtual function or a
 * bridge, -EEXIST if the device is already opted in, -ENOMEM.
 */
struct pci_lu_item *pci_lu_item_create(u32 domain, u8 bus, u8 devfn,
				       void *data, const char **reason)
{
	struct pci_lu_item *item;

	pci_lock_rescan_remove();
	item = __pci_lu_item_create(domain, bus, devfn, data, reason);
	pci_unlock_rescan_remove();
	return item;
}
EXPORT_SYMBOL_GPL(pci_lu_item_create);

/**
 * pci_lu_item_destroy() - Opt a device out.
 * @item: Item from pci_lu_item_create().
 *
 * Drops the device and every bridge only it needed.  The frontend keeps
 * items pinned while the set is preserved, so this is not called then.
 */
void pci_lu_item_destroy(struct pci_lu_item *item)
{
	guard(mutex)(&pci_lu.lock);

	WARN_ON_ONCE(item->pinned);
	pci_lu.generation++;
	list_del(&item->list);
	pci_lu_item_put_nodes(item, item->nr_hops + 1);
	kfree(item);
}
EXPORT_SYMBOL_GPL(pci_lu_item_destroy);

/**
 * pci_lu_item_path() - Upstream path of an opted-in device.
 * @item: The item.
 * @buf:  Output buffer.
 * @size: Size of @buf.
 *
 * The path is given in the syntax of the kernel's ``pci=`` device
 * parameters: the root port as DDDD:BB:DD.F, then DD.F of each hop down to
 * the device, e.g. "0000:00:04.0/00.0/00.0/00.0".
 *
 * Return: length written.
 */
int pci_lu_item_path(struct pci_lu_item *item, char *buf, size_t size)
{
	unsigned int i;
	int len;

	guard(mutex)(&pci_lu.lock);

	len = scnprintf(buf, size, "%s",
			pci_lu_item_hop(item, item->nr_hops)->name);

	/* Every hop below the root port adds its "DD.F", the tail of its name */
	for (i = item->nr_hops; i-- > 0;) {
		const char *name = pci_lu_item_hop(item, i)->name;

		len += scnprintf(buf + len, size - len, "/%s",
				 strrchr(name, ':') + 1);
	}
	return len;
}
EXPORT_SYMBOL_GPL(pci_lu_item_path);

/**
 * pci_lu_item_status() - Whether an opted-in device can be preserved.
 * @item: The item.
 * @buf:  Output buffer: "ok" or "blocked: <reason naming the BDF>".
 * @size: Size of @buf.
 *
 * Return: 0 if the device and every hop of its path are usable, a negative
 * errno otherwise (-ENOLINK for a path that is not usable).
 */
int pci_lu_item_status(struct pci_lu_item *item, char *buf, size_t size)
{
	guard(mutex)(&pci_lu.lock);
	return pci_lu_check_item(item, buf, size);
}
EXPORT_SYMBOL_GPL(pci_lu_item_status);

/**
 * pci_lu_item_bus_master() - Live Bus Master Enable of an opted-in device.
 * @item: The item.
 *
 * Return: 0 or 1, or -ENODEV if the device is gone.
 */
int pci_lu_item_bus_master(struct pci_lu_item *item)
{
	u16 cmd;
	int ret;

	guard(mutex)(&pci_lu.lock);

	ret = pci_lu_read_command(item->ep->pdev, &cmd);
	if (ret)
		return ret;
	return !!(cmd & PCI_COMMAND_MASTER);
}
EXPORT_SYMBOL_GPL(pci_lu_item_bus_master);

/**
 * pci_lu_item_saved_bus_master() - Bus Master Enable captured at freeze.
 * @item: The item.
 *
 * Return: 0 or 1 as captured by the last LUO freeze, or -ENODATA if the
 * set was never frozen while the device was opted in.
 */
int pci_lu_item_saved_bus_master(struct pci_lu_item *item)
{
	guard(mutex)(&pci_lu.lock);

	if (!item->ep->saved)
		return -ENODATA;
	return !!(item->ep->saved_cmd & PCI_COMMAND_MASTER);
}
EXPORT_SYMBOL_GPL(pci_lu_item_saved_bus_master);
