// SPDX-License-Identifier: GPL-2.0
/*
 * PCI live update core
 *
 * At kexec, pci_device_shutdown() clears Bus Master Enable on every PCI
 * function, so a device that has to keep doing DMA across a live update,
 * and every bridge above it, stops.  This core keeps a set of opted-in
 * devices, checks that the path from each of them up to its root port is
 * usable, ties the set to a Live Update Orchestrator (LUO) session, records
 * PCI_COMMAND of every preserved function at LUO freeze in a KHO-preserved
 * record, tells the kexec shutdown to leave their Bus Master Enable alone,
 * and hands the record to the next kernel, which checks it against the
 * devices it finds and releases it when userspace finishes the session.
 *
 * Devices are opted in through an admin frontend (pci-lu-configfs.c).
 * /dev/pci-lu hands out file descriptors that stand for the whole set; the
 * set is preserved by preserving such a descriptor in a LUO session.
 *
 * Bridges are preserved implicitly: every bridge on the path of an opted-in
 * device is a node with a count of the devices that need it, and is
 * released when the last of them goes.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/anon_inodes.h>
#include <linux/cleanup.h>
#include <linux/compat.h>
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/pci_lu.h>
#include <linux/ktime.h>
#include <linux/liveupdate.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-lu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/bsearch.h>
#include <linux/uaccess.h>

#include "pci.h"

/* Room for "0000:00:00.0" and a NUL */
#define PCI_LU_NAME_LEN		16

/**
 * struct pci_lu_node - One preserved PCI function.
 * @list:      Entry in pci_lu.nodes.
 * @pdev:      Reference to the function; NULL once it was hot-removed.
 * @name:      pci_name() of the function, kept for reporting after removal.
 * @users:     Opted-in devices that need this node (1 for an endpoint).
 * @bridge:    The node is a bridge on the path of an opted-in device.
 * @saved_cmd: PCI_COMMAND captured at the last freeze (valid if @saved).
 * @saved:     A freeze captured @saved_cmd.
 */
struct pci_lu_node {
	struct list_head list;
	struct pci_dev *pdev;
	char name[PCI_LU_NAME_LEN];
	unsigned int users;
	bool bridge;
	u16 saved_cmd;
	bool saved;
};

/**
 * struct pci_lu_item - One opted-in device.
 * @list:    Entry in pci_lu.items.
 * @data:    Frontend cookie, passed back to its pin/unpin callbacks.
 * @pinned:  The frontend pinned the item for the current preservation.
 * @ep:      The device itself.
 * @nr_hops: Number of bridges from the device up to its root port.
 * @hops:    Those bridges, the device's upstream bridge first.
 */
struct pci_lu_item {
	struct list_head list;
	void *data;
	bool pinned;
	struct pci_lu_node *ep;
	unsigned int nr_hops;
	struct pci_lu_node *hops[] __counted_by(nr_hops);
};

/**
 * struct pci_lu_in_entry - One record handed over by the previous kernel.
 * @ent:    The record as it came in.
 * @result: 0 if the device now at that address matches, -ENODEV if there is
 *          none, -ESTALE if vendor, device or class differ.
 */
struct pci_lu_in_entry {
	struct pci_lu_rec_entry ent;
	int result;
};

/**
 * struct pci_lu_incoming - What the previous kernel handed over.
 * @folio:   The KHO-preserved record, released at finish.
 * @count:   Number of entries in @entries.
 * @entries: Validated copy of the records.
 */
struct pci_lu_incoming {
	struct folio *folio;
	unsigned int count;
	struct pci_lu_in_entry entries[] __counted_by(count);
};

static struct {
	/* Protects everything below. */
	struct mutex lock;
	enum pci_lu_state state;
	struct list_head items;
	struct list_head nodes;
	const struct pci_lu_frontend *fe;
	/* A preservation is pinning the frontend's items: the set is fixed */
	bool preserving;
	/* Outgoing record, from preserve until unpreserve or kexec */
	struct pci_lu_rec *rec;
	/* The descriptor preserved in a LUO session */
	struct file *file;
	/* Next kernel: what came in, and whether we hold a reference on it */
	struct pci_lu_incoming *incoming;
	bool incoming_ref;
	/* Cost of the last freeze, for debugfs */
	u64 freeze_ns;
	unsigned int freeze_nodes;
	bool luo;
} pci_lu = {
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
 * pci_lu_get_state() - Current state of the preserved set.
 *
 * Return: the &enum pci_lu_state.
 */
enum pci_lu_state pci_lu_get_state(void)
{
	guard(mutex)(&pci_lu.lock);
	return pci_lu.state;
}
EXPORT_SYMBOL_GPL(pci_lu_get_state);

static bool pci_lu_set_locked(void)
{
	return pci_lu.preserving || pci_lu.state == PCI_LU_STATE_PRESERVED ||
	       pci_lu.state == PCI_LU_STATE_FROZEN;
}

/* Nodes */

static struct pci_lu_node *pci_lu_node_find(struct pci_dev *pdev)
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

	list_del(&node->list);
	pci_dev_put(node->pdev);
	kfree(node);
}

/* Checks */

static bool pci_lu_slot_powered_off(struct pci_dev *port)
{
	u32 cap;
	u16 ctl;

	if (!pci_is_pcie(port) || !pcie_downstream_port(port) ||
	    !(pcie_caps_reg(port) & PCI_EXP_FLAGS_SLOT))
		return false;

	if (pcie_capability_read_dword(port, PCI_EXP_SLTCAP, &cap) ||
	    !(cap & PCI_EXP_SLTCAP_PCP))
		return false;

	if (pcie_capability_read_word(port, PCI_EXP_SLTCTL, &ctl))
		return false;

	return (ctl & PCI_EXP_SLTCTL_PCC) == PCI_EXP_SLTCTL_PWR_OFF;
}

/*
 * Check one hop of a path: @pdev itself, and the slot it sits in.  On
 * failure, write "blocked: <bdf> <why>" into @buf.
 */
static int pci_lu_check_hop(struct pci_dev *pdev, bool bridge, char *buf,
			    size_t size)
{
	struct pci_dev *up = pci_upstream_bridge(pdev);
	const char *why = NULL;

	if (bridge && !pci_is_bridge(pdev))
		why = "is not a bridge";
	else if (pci_dev_is_disconnected(pdev))
		why = "is disconnected";
	else if (pci_channel_offline(pdev))
		why = "is offline";
	else if (pdev->current_state == PCI_D3cold)
		why = "is in D3cold";

	if (why) {
		scnprintf(buf, size, "blocked: %s %s", pci_name(pdev), why);
		return -ENOLINK;
	}

	if (up && pci_lu_slot_powered_off(up)) {
		scnprintf(buf, size, "blocked: %s slot is powered off",
			  pci_name(up));
		return -ENOLINK;
	}

	return 0;
}

static int pci_lu_check_item(struct pci_lu_item *item, char *buf,
			     size_t size)
{
	unsigned int i;
	int ret;

	lockdep_assert_held(&pci_lu.lock);

	/* Name the topmost removed function: removing a bridge removes all below */
	for (i = item->nr_hops + 1; i-- > 0;) {
		struct pci_lu_node *node = i ? item->hops[i - 1] : item->ep;

		if (!node->pdev) {
			scnprintf(buf, size, "blocked: %s removed", node->name);
			return -ENOLINK;
		}
	}

	for (i = 0; i <= item->nr_hops; i++) {
		struct pci_lu_node *node = i ? item->hops[i - 1] : item->ep;

		ret = pci_lu_check_hop(node->pdev, i, buf, size);
		if (ret)
			return ret;
	}

	strscpy(buf, "ok", size);
	return 0;
}

/* Refusals that do not depend on the path: not a device we can opt in. */
static int pci_lu_check_kind(struct pci_dev *pdev, const char **reason)
{
	if (pdev->is_virtfn) {
		*reason = "is a virtual function (SR-IOV is not supported)";
		return -EOPNOTSUPP;
	}
	if (pci_is_bridge(pdev)) {
		*reason = "is a bridge (bridges are preserved as part of a device's path)";
		return -EOPNOTSUPP;
	}
	return 0;
}

static int pci_lu_check_dev(struct pci_dev *pdev, char *buf, size_t size)
{
	struct pci_dev *hop;
	const char *reason;
	int ret;

	ret = pci_lu_check_kind(pdev, &reason);
	if (ret) {
		scnprintf(buf, size, "blocked: %s %s", pci_name(pdev), reason);
		return ret;
	}

	for (hop = pdev; hop; hop = pci_upstream_bridge(hop)) {
		ret = pci_lu_check_hop(hop, hop != pdev, buf, size);
		if (ret)
			return ret;
	}

	strscpy(buf, "ok", size);
	return 0;
}

/* Items */

/**
 * pci_lu_item_create() - Opt a device in.
 * @domain: PCI domain of the device.
 * @bus:    Bus number.
 * @devfn:  Device and function.
 * @data:   Frontend cookie for the pin/unpin callbacks.
 * @reason: Set to a short reason when the request is refused.
 *
 * Takes a reference on the device and on every bridge up to its root port;
 * bridges already preserved for another device are shared.  The path is not
 * required to be usable now: pci_lu_item_status() says whether it is.
 *
 * Return: the new item, or an ERR_PTR(): -EBUSY while the set is preserved
 * or frozen, -ENODEV if there is no such device, -EOPNOTSUPP for a virtual
 * function or a bridge, -EEXIST if the device is already opted in,
 * -ENOMEM.
 */
struct pci_lu_item *pci_lu_item_create(u32 domain, u8 bus, u8 devfn,
				       void *data, const char **reason)
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

	for (hop = pci_upstream_bridge(pdev); hop; hop = pci_upstream_bridge(hop))
		n++;

	item = kzalloc_flex(*item, hops, n);
	if (!item)
		goto err_nomem;
	item->nr_hops = n;
	item->data = data;

	item->ep = pci_lu_node_get(pdev, false);
	if (!item->ep)
		goto err_free_item;
	retain_and_null_ptr(pdev);

	n = 0;
	for (hop = pci_upstream_bridge(item->ep->pdev); hop;
	     hop = pci_upstream_bridge(hop)) {
		item->hops[n] = pci_lu_node_get(pci_dev_get(hop), true);
		if (!item->hops[n]) {
			pci_dev_put(hop);
			goto err_put_nodes;
		}
		n++;
	}

	list_add_tail(&item->list, &pci_lu.items);
	return item;

err_put_nodes:
	while (n--)
		pci_lu_node_put(item->hops[n]);
	pci_lu_node_put(item->ep);
err_free_item:
	kfree(item);
err_nomem:
	*reason = "out of memory";
	return ERR_PTR(-ENOMEM);
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
	unsigned int i;

	guard(mutex)(&pci_lu.lock);

	WARN_ON_ONCE(item->pinned);
	list_del(&item->list);
	for (i = 0; i < item->nr_hops; i++)
		pci_lu_node_put(item->hops[i]);
	pci_lu_node_put(item->ep);
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
	struct pci_lu_node *top;
	unsigned int i;
	int len;

	guard(mutex)(&pci_lu.lock);

	top = item->nr_hops ? item->hops[item->nr_hops - 1] : item->ep;
	len = scnprintf(buf, size, "%s", top->name);

	/* "DDDD:BB:" is 8 characters; every hop adds its "DD.F" */
	for (i = item->nr_hops; i-- > 0;) {
		struct pci_lu_node *node = i ? item->hops[i - 1] : item->ep;

		len += scnprintf(buf + len, size - len, "/%s", node->name + 8);
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
 * Return: 0 if the device and every hop of its path are usable, -ENOLINK
 * otherwise.
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

	guard(mutex)(&pci_lu.lock);

	if (!item->ep->pdev ||
	    pci_read_config_word(item->ep->pdev, PCI_COMMAND, &cmd))
		return -ENODEV;
	if (PCI_POSSIBLE_ERROR(cmd))
		return -ENODEV;
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

/* Frontends */

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

/* Outgoing: preserve, freeze, kexec shutdown */

static unsigned int pci_lu_nr_nodes(bool bridge)
{
	struct pci_lu_node *node;
	unsigned int n = 0;

	list_for_each_entry(node, &pci_lu.nodes, list)
		n += node->bridge == bridge;
	return n;
}

static int pci_lu_check_all(const char *when)
{
	char status[PCI_LU_STATUS_LEN];
	struct pci_lu_item *item;
	int ret;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(item, &pci_lu.items, list) {
		ret = pci_lu_check_item(item, status, sizeof(status));
		if (ret) {
			pr_err("%s refused: %s: %s\n", when, item->ep->name,
			       status);
			return ret;
		}
	}
	return 0;
}

static u32 pci_lu_rec_csum(const struct pci_lu_rec *rec)
{
	struct pci_lu_rec hdr = *rec;

	hdr.checksum = 0;
	return crc32_le(crc32_le(~0, &hdr, sizeof(hdr)), rec->entries,
			flex_array_size(rec, entries, rec->count));
}

static size_t pci_lu_rec_size(unsigned int capacity)
{
	return struct_size_t(struct pci_lu_rec, entries, capacity);
}

/* The header fields that stay the same from preserve to kexec */
static void pci_lu_rec_stamp(struct pci_lu_rec *rec)
{
	rec->magic = PCI_LU_REC_MAGIC;
	rec->version = PCI_LU_REC_VERSION;
	rec->entry_size = sizeof(struct pci_lu_rec_entry);
}

/* Under the lock: may the set be preserved now?  Fixes it if so. */
static int pci_lu_preserve_begin(void ***datap, unsigned int *nr_items,
				 unsigned int *nr_nodes)
{
	struct pci_lu_item *item;
	void **data;
	unsigned int i = 0;
	int ret;

	guard(mutex)(&pci_lu.lock);

	if (pci_lu.state != PCI_LU_STATE_IDLE || pci_lu.preserving) {
		pr_err("preserve refused: state is %s\n",
		       pci_lu_state_name(pci_lu.state));
		return -EBUSY;
	}
	if (list_empty(&pci_lu.items) || WARN_ON(!pci_lu.fe)) {
		pr_err("preserve refused: no device is opted in\n");
		return -ENOENT;
	}

	ret = pci_lu_check_all("preserve");
	if (ret)
		return ret;

	*nr_items = list_count_nodes(&pci_lu.items);
	*nr_nodes = list_count_nodes(&pci_lu.nodes);
	data = kcalloc(*nr_items, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;

	/* Keep every item alive while they are pinned without the lock */
	list_for_each_entry(item, &pci_lu.items, list) {
		data[i++] = item->data;
		pci_lu.fe->get(item->data);
	}
	pci_lu.preserving = true;
	*datap = data;
	return 0;
}

/*
 * FLB .preserve: the first (and only) descriptor is being preserved.
 *
 * The frontend pins its items (configfs_depend_item() takes the configfs
 * root inode lock) without pci_lu.lock held: configfs attribute reads take
 * pci_lu.lock under configfs locks, so the other order would deadlock.
 * pci_lu.preserving keeps the set from growing meanwhile; an item that is
 * being removed fails its pin, and with it the preservation.
 */
static int pci_lu_flb_preserve(struct liveupdate_flb_op_args *argp)
{
	unsigned int nr_items, nr_nodes, i, pinned = 0;
	const struct pci_lu_frontend *fe;
	struct pci_lu_rec *rec;
	void **data;
	int ret;

	ret = pci_lu_preserve_begin(&data, &nr_items, &nr_nodes);
	if (ret)
		return ret;
	fe = pci_lu.fe;

	rec = kho_alloc_preserve(pci_lu_rec_size(nr_nodes));
	if (IS_ERR(rec)) {
		ret = PTR_ERR(rec);
		goto err_clear_preserving;
	}

	for (pinned = 0; pinned < nr_items; pinned++) {
		ret = fe->pin(data[pinned]);
		if (ret) {
			pr_err("preserve refused: the configuration is changing\n");
			ret = -EBUSY;
			goto err_unpin;
		}
	}

	pci_lu_rec_stamp(rec);
	rec->capacity = nr_nodes;

	scoped_guard(mutex, &pci_lu.lock) {
		struct pci_lu_item *item;

		list_for_each_entry(item, &pci_lu.items, list)
			item->pinned = true;
		pci_lu.preserving = false;
		pci_lu.rec = rec;
		pci_lu.state = PCI_LU_STATE_PRESERVED;
		pr_info("preserved %u device(s), %u bridge(s)\n",
			pci_lu_nr_nodes(false), pci_lu_nr_nodes(true));
	}
	argp->data = virt_to_phys(rec);
	argp->obj = rec;
	ret = 0;
	goto out_put_items;

err_unpin:
	while (pinned--)
		fe->unpin(data[pinned]);
	kho_unpreserve_free(rec);
err_clear_preserving:
	scoped_guard(mutex, &pci_lu.lock)
		pci_lu.preserving = false;
out_put_items:
	/* Outside the lock: the last put releases an item, which takes it */
	for (i = 0; i < nr_items; i++)
		fe->put(data[i]);
	kfree(data);
	return ret;
}

/* FLB .unpreserve: the session was closed before the kexec. */
static void pci_lu_flb_unpreserve(struct liveupdate_flb_op_args *argp)
{
	guard(mutex)(&pci_lu.lock);

	pci_lu_unpin_all();
	kho_unpreserve_free(argp->obj);
	pci_lu.rec = NULL;
	pci_lu.state = PCI_LU_STATE_IDLE;
	pr_info("preservation cancelled\n");
}

static void pci_lu_fill_entry(struct pci_lu_rec_entry *ent,
			      struct pci_lu_node *node, u16 cmd)
{
	struct pci_dev *pdev = node->pdev;

	*ent = (struct pci_lu_rec_entry) {
		.domain = pci_domain_nr(pdev->bus),
		.bus = pdev->bus->number,
		.devfn = pdev->devfn,
		.role = node->bridge ? PCI_LU_ROLE_BRIDGE : PCI_LU_ROLE_ENDPOINT,
		.vendor = pdev->vendor,
		.device = pdev->device,
		.class = pdev->class,
		.command = cmd,
	};
}

static int pci_lu_freeze_locked(void)
{
	struct pci_lu_rec *rec = pci_lu.rec;
	struct pci_lu_node *node;
	unsigned int n = 0;
	u64 start;
	int ret;

	lockdep_assert_held(&pci_lu.lock);

	if (WARN_ON(pci_lu.state != PCI_LU_STATE_PRESERVED || !rec))
		return -EINVAL;

	start = ktime_get_ns();

	ret = pci_lu_check_all("freeze");
	if (ret)
		return ret;

	list_for_each_entry(node, &pci_lu.nodes, list) {
		u16 cmd;

		if (n == rec->capacity) {
			pr_err("freeze refused: the set grew after preserve\n");
			return -ENOSPC;
		}
		if (pci_read_config_word(node->pdev, PCI_COMMAND, &cmd) ||
		    PCI_POSSIBLE_ERROR(cmd)) {
			pr_err("freeze refused: %s: cannot read PCI_COMMAND\n",
			       node->name);
			return -EIO;
		}
		pci_lu_fill_entry(&rec->entries[n++], node, cmd);
	}

	/* Commit only once every read succeeded */
	n = 0;
	list_for_each_entry(node, &pci_lu.nodes, list) {
		node->saved_cmd = rec->entries[n++].command;
		node->saved = true;
	}

	rec->count = n;
	rec->flags = PCI_LU_REC_FROZEN;
	rec->checksum = pci_lu_rec_csum(rec);
	pci_lu.state = PCI_LU_STATE_FROZEN;
	pci_lu.freeze_ns = ktime_get_ns() - start;
	pci_lu.freeze_nodes = n;
	pr_info("frozen: %u device(s), %u bridge(s) in %llu ns\n",
		pci_lu_nr_nodes(false), pci_lu_nr_nodes(true), pci_lu.freeze_ns);
	return 0;
}

#ifdef CONFIG_PCI_LU_FAULT_INJECTION
/*
 * Test only: debugfs "fault_record" arms one defect that every following
 * freeze writes into the completed record, so that the next kernel's checks
 * can be exercised.  The checksum is recomputed after every defect but
 * "checksum" itself and "count" (a checksum over more entries than the
 * record holds would read past it), so that the defect is the only one.
 */
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

static void pci_lu_fault_apply(struct pci_lu_rec *rec)
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

/* The kexec was aborted: the next freeze rewrites all but the stamp */
static void pci_lu_fault_undo(struct pci_lu_rec *rec)
{
	lockdep_assert_held(&pci_lu.lock);

	pci_lu_rec_stamp(rec);
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

static void __init pci_lu_fault_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("fault_record", 0600, dir, NULL,
			    &pci_lu_fault_fops);
}
#else
static inline void pci_lu_fault_apply(struct pci_lu_rec *rec) { }
static inline void pci_lu_fault_undo(struct pci_lu_rec *rec) { }
static inline void pci_lu_fault_debugfs_init(struct dentry *dir) { }
#endif /* CONFIG_PCI_LU_FAULT_INJECTION */

/**
 * pci_lu_keep_master() - Should the kexec shutdown keep Bus Master Enable?
 * @dev: The PCI function being shut down.
 *
 * Called by pci_device_shutdown() during a kexec only.
 *
 * Return: true if @dev is an opted-in device, or a bridge on the path of
 * one, of a set that LUO froze for this kexec.
 */
bool pci_lu_keep_master(struct pci_dev *dev)
{
	struct pci_lu_node *node;

	guard(mutex)(&pci_lu.lock);

	if (pci_lu.state != PCI_LU_STATE_FROZEN)
		return false;

	node = pci_lu_node_find(dev);
	if (!node)
		return false;

	/* One line per function would cost downtime on a serial console */
	pci_dbg(dev, "pci-lu: keeping Bus Master Enable across kexec\n");
	return true;
}

/* Next kernel: retrieve, check, finish */

static const char *pci_lu_rec_invalid(const struct pci_lu_rec *rec,
				      size_t avail)
{
	if (avail < sizeof(*rec))
		return "too small";
	if (rec->magic != PCI_LU_REC_MAGIC)
		return "bad magic";
	if (rec->version != PCI_LU_REC_VERSION)
		return "unknown version";
	if (rec->entry_size != sizeof(struct pci_lu_rec_entry))
		return "unknown entry size";
	if (!(rec->flags & PCI_LU_REC_FROZEN) || rec->flags & ~PCI_LU_REC_FROZEN)
		return "not frozen or unknown flags";
	if (rec->count > rec->capacity ||
	    pci_lu_rec_size(rec->capacity) > avail)
		return "bad count";
	if (pci_lu_rec_csum(rec) != rec->checksum)
		return "bad checksum";
	return NULL;
}

static u64 pci_lu_key(u32 domain, u8 bus, u8 devfn)
{
	return (u64)domain << 16 | bus << 8 | devfn;
}

/**
 * struct pci_lu_match_key - Index of an incoming record by address.
 * @key:   pci_lu_key() of the record.
 * @index: Its position in &struct pci_lu_incoming.entries.
 */
struct pci_lu_match_key {
	u64 key;
	unsigned int index;
};

static int pci_lu_match_key_cmp(const void *a, const void *b)
{
	const struct pci_lu_match_key *ka = a, *kb = b;

	return cmp_int(ka->key, kb->key);
}

struct pci_lu_match_ctx {
	struct pci_lu_incoming *in;
	const struct pci_lu_match_key *keys;
};

static int pci_lu_match_one(struct device *dev, void *data)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pci_lu_match_ctx *ctx = data;
	const struct pci_lu_match_key *hit;
	struct pci_lu_match_key k = {
		.key = pci_lu_key(pci_domain_nr(pdev->bus), pdev->bus->number,
				  pdev->devfn),
	};
	struct pci_lu_in_entry *e;

	hit = bsearch(&k, ctx->keys, ctx->in->count, sizeof(k),
		      pci_lu_match_key_cmp);
	if (!hit)
		return 0;

	e = &ctx->in->entries[hit->index];
	if (pdev->vendor != e->ent.vendor || pdev->device != e->ent.device ||
	    pdev->class != e->ent.class ||
	    (e->ent.role == PCI_LU_ROLE_BRIDGE && !pci_is_bridge(pdev)))
		e->result = -ESTALE;
	else
		e->result = 0;
	return 0;
}

/*
 * Check every incoming record against the device now at its address, in
 * one walk over the PCI devices: a pci_get_domain_bus_and_slot() per record
 * would walk all of them once per record.  Records whose address has no
 * device stay -ENODEV.  Return: 0 (and @bad set if the record lists a
 * function twice, which no kernel writes), or -ENOMEM.
 */
static int pci_lu_match_all(struct pci_lu_incoming *in, const char **bad)
{
	struct pci_lu_match_key *keys __free(kfree) =
		kmalloc_array(in->count, sizeof(*keys), GFP_KERNEL);
	struct pci_lu_match_ctx ctx = { .in = in };
	unsigned int i;

	if (!keys)
		return -ENOMEM;

	for (i = 0; i < in->count; i++) {
		const struct pci_lu_rec_entry *ent = &in->entries[i].ent;

		keys[i].key = pci_lu_key(ent->domain, ent->bus, ent->devfn);
		keys[i].index = i;
		in->entries[i].result = -ENODEV;
	}
	sort(keys, in->count, sizeof(*keys), pci_lu_match_key_cmp, NULL);
	for (i = 1; i < in->count; i++) {
		if (keys[i].key == keys[i - 1].key) {
			*bad = "a function listed twice";
			return 0;
		}
	}

	ctx.keys = keys;
	bus_for_each_dev(&pci_bus_type, NULL, &ctx, pci_lu_match_one);
	return 0;
}

/* Refuse a handover record as a whole, with one log line */
static int pci_lu_refuse(struct liveupdate_flb_op_args *argp,
			 struct folio *folio, const char *bad)
{
	struct pci_lu_incoming *in;

	if (folio) {
		pr_err("handover record refused (%s), ignoring it\n", bad);
		folio_put(folio);
	}
	/*
	 * Never trust it, but give LUO an object so that the session can
	 * still be finished.
	 */
	in = kzalloc_flex(*in, entries, 0);
	if (!in)
		return -ENOMEM;
	argp->obj = in;
	return 0;
}

static int pci_lu_flb_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_incoming *in;
	const struct pci_lu_rec *rec;
	u64 start = ktime_get_ns();
	const char *bad = NULL;
	struct folio *folio;
	unsigned int i;
	int ret;

	folio = kho_restore_folio(argp->data);
	if (!folio) {
		pr_err("handover record at %#llx was not preserved, ignoring it\n",
		       argp->data);
		return pci_lu_refuse(argp, NULL, NULL);
	}
	rec = folio_address(folio);
	bad = pci_lu_rec_invalid(rec, folio_size(folio));
	if (bad)
		return pci_lu_refuse(argp, folio, bad);

	in = kzalloc_flex(*in, entries, rec->count);
	if (!in) {
		folio_put(folio);
		return -ENOMEM;
	}
	in->count = rec->count;
	for (i = 0; i < in->count; i++)
		in->entries[i].ent = rec->entries[i];

	ret = pci_lu_match_all(in, &bad);
	if (ret || bad) {
		kfree(in);
		if (ret) {
			folio_put(folio);
			return ret;
		}
		return pci_lu_refuse(argp, folio, bad);
	}
	in->folio = folio;

	for (i = 0; i < in->count; i++) {
		const struct pci_lu_rec_entry *ent = &in->entries[i].ent;

		if (in->entries[i].result)
			pr_warn("%04x:%02x:%02x.%d: handed over but %s\n",
				ent->domain, ent->bus, PCI_SLOT(ent->devfn),
				PCI_FUNC(ent->devfn),
				in->entries[i].result == -ENODEV ?
				"missing" : "the device there differs");
	}

	pr_info("retrieved %u handed-over function(s) in %llu ns\n", in->count,
		ktime_get_ns() - start);
	argp->obj = in;
	return 0;
}

static void pci_lu_flb_finish(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_incoming *in = argp->obj;

	scoped_guard(mutex, &pci_lu.lock) {
		if (pci_lu.incoming == in) {
			pci_lu.incoming = NULL;
			if (pci_lu.state == PCI_LU_STATE_INCOMING)
				pci_lu.state = PCI_LU_STATE_IDLE;
		}
	}

	if (in->folio)
		folio_put(in->folio);
	pr_info("finished: released %u handed-over function(s)\n", in->count);
	kfree(in);
}

static const struct liveupdate_flb_ops pci_lu_flb_ops = {
	.preserve	= pci_lu_flb_preserve,
	.unpreserve	= pci_lu_flb_unpreserve,
	.retrieve	= pci_lu_flb_retrieve,
	.finish		= pci_lu_flb_finish,
	.owner		= THIS_MODULE,
};

static struct liveupdate_flb pci_lu_flb = {
	.ops		= &pci_lu_flb_ops,
	.compatible	= PCI_LU_FLB_COMPATIBLE,
};

/**
 * pci_lu_incoming_show() - Format what the previous kernel handed over.
 * @buf:  Output buffer, or NULL to learn the size needed.
 * @size: Size of @buf.
 *
 * One line per record: "<bdf> <endpoint|bridge> saved_bus_master=<0|1>
 * bus_master=<0|1> <ok|mismatch|missing>".
 *
 * Return: number of bytes the text takes (not counting a NUL).
 */
ssize_t pci_lu_incoming_show(char *buf, size_t size)
{
	struct pci_lu_incoming *in;
	size_t len = 0;
	unsigned int i;

	guard(mutex)(&pci_lu.lock);

	in = pci_lu.incoming;
	if (!in)
		return 0;

	for (i = 0; i < in->count; i++) {
		const struct pci_lu_in_entry *e = &in->entries[i];
		struct pci_dev *pdev __free(pci_dev_put) = NULL;
		int bm = 0;
		u16 cmd;

		if (!e->result) {
			pdev = pci_get_domain_bus_and_slot(e->ent.domain,
							   e->ent.bus,
							   e->ent.devfn);
			if (pdev && !pci_read_config_word(pdev, PCI_COMMAND, &cmd) &&
			    !PCI_POSSIBLE_ERROR(cmd))
				bm = !!(cmd & PCI_COMMAND_MASTER);
		}

		len += snprintf(buf ? buf + len : NULL, buf ? size - len : 0,
				"%04x:%02x:%02x.%d %s saved_bus_master=%d bus_master=%d %s\n",
				e->ent.domain, e->ent.bus,
				PCI_SLOT(e->ent.devfn), PCI_FUNC(e->ent.devfn),
				e->ent.role == PCI_LU_ROLE_BRIDGE ?
				"bridge" : "endpoint",
				!!(e->ent.command & PCI_COMMAND_MASTER), bm,
				!e->result ? "ok" :
				e->result == -ENODEV ? "missing" : "mismatch");
		if (buf && len >= size)
			return size;
	}
	return len;
}
EXPORT_SYMBOL_GPL(pci_lu_incoming_show);

/* LUO file handler for /dev/pci-lu descriptors */

static const struct file_operations pci_lu_fops;

static bool pci_lu_can_preserve(struct liveupdate_file_handler *handler,
				struct file *file)
{
	return file->f_op == &pci_lu_fops;
}

static int pci_lu_preserve(struct liveupdate_file_op_args *args)
{
	guard(mutex)(&pci_lu.lock);

	/* The FLB preserve ran first and locked the set */
	if (pci_lu.state != PCI_LU_STATE_PRESERVED || pci_lu.file) {
		pr_err("preserve refused: the set is already preserved in a session\n");
		return -EBUSY;
	}
	pci_lu.file = args->file;
	args->serialized_data = virt_to_phys(pci_lu.rec);
	return 0;
}

static void pci_lu_unpreserve(struct liveupdate_file_op_args *args)
{
	guard(mutex)(&pci_lu.lock);

	if (pci_lu.file == args->file)
		pci_lu.file = NULL;
}

static int pci_lu_freeze(struct liveupdate_file_op_args *args)
{
	int ret;

	guard(mutex)(&pci_lu.lock);

	ret = pci_lu_freeze_locked();
	if (!ret)
		pci_lu_fault_apply(pci_lu.rec);
	return ret;
}

static void pci_lu_unfreeze(struct liveupdate_file_op_args *args)
{
	guard(mutex)(&pci_lu.lock);

	if (pci_lu.state == PCI_LU_STATE_FROZEN) {
		pci_lu_fault_undo(pci_lu.rec);
		pci_lu.state = PCI_LU_STATE_PRESERVED;
		pr_info("kexec aborted: set is preserved again\n");
	}
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

/* /dev/pci-lu */

static int pci_lu_ioctl_get_info(void __user *uarg)
{
	struct pci_lu_info info = {};
	struct pci_lu_item *item;
	char status[PCI_LU_STATUS_LEN];
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	ret = copy_struct_from_user(&info, sizeof(info), uarg, usize);
	if (ret)
		return ret;

	scoped_guard(mutex, &pci_lu.lock) {
		info.state = pci_lu.state;
		if (pci_lu.incoming) {
			unsigned int i;

			for (i = 0; i < pci_lu.incoming->count; i++) {
				const struct pci_lu_in_entry *e =
					&pci_lu.incoming->entries[i];

				if (e->ent.role == PCI_LU_ROLE_BRIDGE)
					info.nr_bridges++;
				else
					info.nr_endpoints++;
				info.nr_blocked += !!e->result;
			}
		} else {
			info.nr_endpoints = pci_lu_nr_nodes(false);
			info.nr_bridges = pci_lu_nr_nodes(true);
			list_for_each_entry(item, &pci_lu.items, list)
				info.nr_blocked +=
					!!pci_lu_check_item(item, status,
							    sizeof(status));
		}
	}

	if (copy_to_user(uarg, &info, min_t(size_t, usize, sizeof(info))))
		return -EFAULT;
	return 0;
}

static int pci_lu_ioctl_check(void __user *uarg)
{
	struct pci_lu_check chk = {};
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	ret = copy_struct_from_user(&chk, sizeof(chk), uarg, usize);
	if (ret)
		return ret;
	if (chk.flags)
		return -EINVAL;

	{
		struct pci_dev *pdev __free(pci_dev_put) =
			pci_get_domain_bus_and_slot(chk.domain, chk.bus,
						    chk.devfn);

		if (!pdev) {
			snprintf(chk.status, sizeof(chk.status),
				 "blocked: %04x:%02x:%02x.%d no such device",
				 chk.domain, chk.bus, PCI_SLOT(chk.devfn),
				 PCI_FUNC(chk.devfn));
			ret = -ENODEV;
		} else {
			guard(mutex)(&pci_lu.lock);
			ret = pci_lu_check_dev(pdev, chk.status,
					       sizeof(chk.status));
		}
	}

	if (copy_to_user(uarg, &chk, min_t(size_t, usize, sizeof(chk))))
		return -EFAULT;
	return ret;
}

static long pci_lu_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case PCI_LU_IOCTL_GET_INFO:
		return pci_lu_ioctl_get_info(uarg);
	case PCI_LU_IOCTL_CHECK:
		return pci_lu_ioctl_check(uarg);
	default:
		return -ENOTTY;
	}
}

static int pci_lu_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nonseekable_open(inode, file);
}

static const struct file_operations pci_lu_fops = {
	.owner		= THIS_MODULE,
	.open		= pci_lu_open,
	.unlocked_ioctl	= pci_lu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice pci_lu_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= PCI_LU_DEVICE_NAME,
	.fops	= &pci_lu_fops,
	.mode	= 0600,
};

/* Hot removal */

static int pci_lu_bus_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct pci_dev *pdev = to_pci_dev(data);
	struct pci_lu_node *node;

	if (action != BUS_NOTIFY_DEL_DEVICE)
		return NOTIFY_DONE;

	guard(mutex)(&pci_lu.lock);

	node = pci_lu_node_find(pdev);
	if (!node)
		return NOTIFY_DONE;

	pci_warn(pdev, "pci-lu: preserved %s removed; dependent devices are blocked\n",
		 node->bridge ? "bridge" : "device");
	node->pdev = NULL;
	pci_dev_put(pdev);
	return NOTIFY_OK;
}

static struct notifier_block pci_lu_bus_nb = {
	.notifier_call = pci_lu_bus_notify,
};

/* debugfs: what the tests and benchmarks look at */

static int pci_lu_nodes_show(struct seq_file *m, void *v)
{
	struct pci_lu_node *node;

	guard(mutex)(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list)
		seq_printf(m, "%s %s users=%u%s\n", node->name,
			   node->bridge ? "bridge" : "endpoint", node->users,
			   node->pdev ? "" : " removed");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pci_lu_nodes);

static int pci_lu_stats_show(struct seq_file *m, void *v)
{
	guard(mutex)(&pci_lu.lock);

	seq_printf(m, "state %s\n", pci_lu_state_name(pci_lu.state));
	seq_printf(m, "items %zu\n", list_count_nodes(&pci_lu.items));
	seq_printf(m, "nodes %zu\n", list_count_nodes(&pci_lu.nodes));
	seq_printf(m, "last_freeze_ns %llu\n", pci_lu.freeze_ns);
	seq_printf(m, "last_freeze_functions %u\n", pci_lu.freeze_nodes);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pci_lu_stats);

static void __init pci_lu_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pci-lu", NULL);

	debugfs_create_file("nodes", 0400, dir, NULL, &pci_lu_nodes_fops);
	debugfs_create_file("stats", 0400, dir, NULL, &pci_lu_stats_fops);
	pci_lu_fault_debugfs_init(dir);
}

static void __init pci_lu_luo_init(void)
{
	struct pci_lu_incoming *in;
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
	pci_lu.luo = true;

	/* Anything handed over?  PCI is enumerated by now. */
	ret = liveupdate_flb_get_incoming(&pci_lu_flb, (void **)&in);
	if (ret)
		return;

	guard(mutex)(&pci_lu.lock);
	pci_lu.incoming = in;
	pci_lu.incoming_ref = true;
	pci_lu.state = PCI_LU_STATE_INCOMING;
}

static int __init pci_lu_init(void)
{
	int ret;

	ret = bus_register_notifier(&pci_bus_type, &pci_lu_bus_nb);
	if (ret)
		return ret;

	ret = misc_register(&pci_lu_miscdev);
	if (ret)
		goto err_unregister_notifier;

	pci_lu_luo_init();
	pci_lu_debugfs_init();
	return 0;

err_unregister_notifier:
	bus_unregister_notifier(&pci_bus_type, &pci_lu_bus_nb);
	return ret;
}
late_initcall(pci_lu_init);
