// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: path checks
 *
 * Two tables decide whether a device can be preserved:
 *
 * - pci_lu_kind_checks[] refuse a device that cannot be opted in at all,
 *   whatever its path (a virtual function, a bridge).  They run at opt-in
 *   and for PCI_LU_IOCTL_CHECK.
 * - pci_lu_hop_checks[] run on every function of the path, the device
 *   first and its root port last: they say whether the path is usable now.
 *   They run for the status of an item, for PCI_LU_IOCTL_CHECK, and on the
 *   whole set at preserve and again at freeze, where a failure refuses the
 *   live update.
 * - After them, on every function of the path, the safety checks of
 *   pci-lu-safety.c (pci_lu_safety_check()): whether a usable path is
 *   also safe to keep mastering through the kexec.
 *
 * A check is a function that returns NULL when the function passes, or a
 * short reason ("is in D3cold"); the message, "blocked: <token>: <bdf>
 * <why>" (pci_lu_blocked()), starts with the check's reason code and names
 * the function the check blames, by default the one checked.  A new check
 * is one function and one line in a table.
 *
 * Locking: the checks of the tables take no lock and may run with
 * pci_lu.lock held (they only read the &struct pci_dev and config space);
 * so do the safety checks, which take no device lock (pci-lu-safety.c).
 * The entry points that walk the set assert that it is held; it also
 * guards &pci_lu_node.checked, which pci_lu_check_all() uses to check a
 * shared bridge once.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/pci.h>
#include <linux/string.h>

#include "pci.h"
#include "pci-lu-internal.h"

/**
 * struct pci_lu_checker - One check of a PCI function.
 * @fn:  Return NULL if @pdev passes, or why it does not.  @bridge: @pdev is
 *       a hop above the device.  *@blame is @pdev on entry; set it to the
 *       function to name in the message if that is another one.
 * @token: The reason code of a failure (pci_lu_blocked()).
 * @err: The errno of a failure.
 */
struct pci_lu_checker {
	const char *(*fn)(struct pci_dev *pdev, bool bridge,
			  struct pci_dev **blame);
	const char *token;
	int err;
};

static const char *pci_lu_check_virtfn(struct pci_dev *pdev, bool bridge,
				       struct pci_dev **blame)
{
	return pdev->is_virtfn ?
	       "is a virtual function (SR-IOV is not supported)" : NULL;
}

static const char *pci_lu_check_not_bridge(struct pci_dev *pdev, bool bridge,
					   struct pci_dev **blame)
{
	return pci_is_bridge(pdev) ?
	       "is a bridge (bridges are preserved as part of a device's path)" :
	       NULL;
}

static const struct pci_lu_checker pci_lu_kind_checks[] = {
	{ pci_lu_check_virtfn,		"virtfn",	-EOPNOTSUPP },
	{ pci_lu_check_not_bridge,	"bridge",	-EOPNOTSUPP },
};

static const char *pci_lu_check_bridge(struct pci_dev *pdev, bool bridge,
				       struct pci_dev **blame)
{
	return bridge && !pci_is_bridge(pdev) ? "is not a bridge" : NULL;
}

static const char *pci_lu_check_connected(struct pci_dev *pdev, bool bridge,
					  struct pci_dev **blame)
{
	if (pci_dev_is_disconnected(pdev))
		return "is disconnected";
	if (pci_channel_offline(pdev))
		return "is offline";
	return NULL;
}

static const char *pci_lu_check_d3cold(struct pci_dev *pdev, bool bridge,
				       struct pci_dev **blame)
{
	return pdev->current_state == PCI_D3cold ? "is in D3cold" : NULL;
}

/* The slot the function sits in, if its port has a power controller */
static const char *pci_lu_check_slot_power(struct pci_dev *pdev, bool bridge,
					   struct pci_dev **blame)
{
	struct pci_dev *port = pci_upstream_bridge(pdev);
	u32 cap;
	u16 ctl;

	if (!port || !pci_is_pcie(port) || !pcie_downstream_port(port) ||
	    !(pcie_caps_reg(port) & PCI_EXP_FLAGS_SLOT))
		return NULL;

	if (pcie_capability_read_dword(port, PCI_EXP_SLTCAP, &cap) ||
	    !(cap & PCI_EXP_SLTCAP_PCP))
		return NULL;

	if (pcie_capability_read_word(port, PCI_EXP_SLTCTL, &ctl) ||
	    (ctl & PCI_EXP_SLTCTL_PCC) != PCI_EXP_SLTCTL_PWR_OFF)
		return NULL;

	*blame = port;
	return "slot is powered off";
}

static const struct pci_lu_checker pci_lu_hop_checks[] = {
	{ pci_lu_check_bridge,		"path",		-ENOLINK },
	{ pci_lu_check_connected,	"link",		-ENOLINK },
	{ pci_lu_check_d3cold,		"power",	-ENOLINK },
	{ pci_lu_check_slot_power,	"power",	-ENOLINK },
};

/**
 * pci_lu_blocked() - Write a blocked status.
 * @buf:   Output buffer.
 * @size:  Size of @buf.
 * @err:   Returned as it is.
 * @token: The reason code, one lowercase word that tools may rely on.
 * @name:  The function to blame, pci_name() or a removed node's name.
 * @fmt:   Why, after the name: human text that may change.
 *
 * Every refusal reads "blocked: <token>: <bdf> <why>" (the status of an
 * item, PCI_LU_IOCTL_CHECK, the log line of a refused preserve or freeze).
 *
 * Return: @err.
 */
int pci_lu_blocked(char *buf, size_t size, int err, const char *token,
		   const char *name, const char *fmt, ...)
{
	va_list args;
	int n;

	n = scnprintf(buf, size, "blocked: %s: %s ", token, name);
	va_start(args, fmt);
	vscnprintf(buf + n, size - n, fmt, args);
	va_end(args);
	return err;
}

/*
 * Run @n checks on @pdev.  On failure, write "blocked: <bdf> <why>" into
 * @buf and return the check's errno.
 */
static int pci_lu_run_checks(const struct pci_lu_checker *checks, size_t n,
			     struct pci_dev *pdev, bool bridge, char *buf,
			     size_t size)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct pci_dev *blame = pdev;
		const char *why = checks[i].fn(pdev, bridge, &blame);

		if (why)
			return pci_lu_blocked(buf, size, checks[i].err,
					      checks[i].token, pci_name(blame),
					      "%s", why);
	}
	return 0;
}

/**
 * pci_lu_check_kind() - Can this device be opted in at all?
 * @pdev:   The device.
 * @reason: Set to why not.
 *
 * Return: 0, or the errno of the first kind check that refuses it
 * (-EOPNOTSUPP).
 */
int pci_lu_check_kind(struct pci_dev *pdev, const char **reason)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pci_lu_kind_checks); i++) {
		struct pci_dev *blame = pdev;

		*reason = pci_lu_kind_checks[i].fn(pdev, false, &blame);
		if (*reason)
			return pci_lu_kind_checks[i].err;
	}
	return 0;
}

/**
 * pci_lu_check_dev() - Could a device be preserved, were it opted in?
 * @pdev: The device.
 * @buf:  Output buffer: "ok" or "blocked: <bdf> <reason>".
 * @size: Size of @buf.
 *
 * Runs the kind checks on @pdev, then the hop checks and the safety checks
 * on it and every bridge above it.
 *
 * Return: 0, or the errno of the first check that failed.
 */
int pci_lu_check_dev(struct pci_dev *pdev, char *buf, size_t size)
{
	struct pci_dev *hop;
	int ret;

	ret = pci_lu_run_checks(pci_lu_kind_checks,
				ARRAY_SIZE(pci_lu_kind_checks), pdev, false,
				buf, size);
	if (ret)
		return ret;

	for (hop = pdev; hop; hop = pci_upstream_bridge(hop)) {
		ret = pci_lu_run_checks(pci_lu_hop_checks,
					ARRAY_SIZE(pci_lu_hop_checks), hop,
					hop != pdev, buf, size);
		if (ret)
			return ret;
	}

	for (hop = pdev; hop; hop = pci_upstream_bridge(hop)) {
		ret = pci_lu_safety_check(hop, pdev, buf, size);
		if (ret)
			return ret;
	}

	strscpy(buf, "ok", size);
	return 0;
}

/*
 * The checks of an item.  @once: bridges of the path found usable and safe
 * for another item in this pci_lu_check_all() (&pci_lu_node.checked) only
 * get the check that depends on the device; the others get every check and
 * are marked checked if the whole path passes.
 */
static int pci_lu_check_path(struct pci_lu_item *item, bool once, char *buf,
			     size_t size)
{
	struct pci_lu_node *node;
	unsigned int i;
	int ret;

	/* Name the topmost removed function: removing a bridge removes all below */
	for (i = item->nr_hops + 1; i-- > 0;) {
		node = pci_lu_item_hop(item, i);
		if (!node->pdev)
			return pci_lu_blocked(buf, size, -ENOLINK, "removed",
					      node->name, "removed");
	}

	for (i = 0; i <= item->nr_hops; i++) {
		node = pci_lu_item_hop(item, i);
		if (once && node->checked)
			continue;
		ret = pci_lu_run_checks(pci_lu_hop_checks,
					ARRAY_SIZE(pci_lu_hop_checks),
					node->pdev, i > 0, buf, size);
		if (ret)
			return ret;
	}

	for (i = 0; i <= item->nr_hops; i++) {
		node = pci_lu_item_hop(item, i);
		if (once && node->checked)
			ret = pci_lu_safety_check_bridge(node->pdev,
							 node->masters,
							 item->ep->pdev,
							 buf, size);
		else
			ret = pci_lu_safety_check(node->pdev, item->ep->pdev,
						  buf, size);
		if (ret)
			return ret;
	}

	for (i = 1; once && i <= item->nr_hops; i++) {
		node = item->hops[i - 1];
		if (!node->checked) {
			node->masters = pci_lu_masters(node->pdev);
			node->checked = true;
		}
	}

	strscpy(buf, "ok", size);
	return 0;
}

/**
 * pci_lu_check_item() - Can an opted-in device be preserved now?
 * @item: The item.
 * @buf:  Output buffer: "ok" or "blocked: <bdf> <reason>".
 * @size: Size of @buf.
 *
 * Caller holds pci_lu.lock.
 *
 * Return: 0, -ENOLINK if a function of the path was removed, or the errno
 * of the first hop check that failed.
 */
int pci_lu_check_item(struct pci_lu_item *item, char *buf, size_t size)
{
	lockdep_assert_held(&pci_lu.lock);

	return pci_lu_check_path(item, false, buf, size);
}

/**
 * pci_lu_check_all() - Can the whole set be preserved now?
 * @when: "preserve" or "freeze", for the log line of a refusal.
 *
 * Caller holds pci_lu.lock.  Logs the first blocked item.  A bridge that
 * several devices share is checked once, with the device-dependent check
 * (pci_lu_safety_check_bridge()) for each of them: at freeze the cost is
 * per function of the set, not per hop of every path.
 *
 * Return: 0, or the errno of the first blocked item.
 */
int pci_lu_check_all(const char *when)
{
	char status[PCI_LU_STATUS_LEN];
	struct pci_lu_item *item;
	struct pci_lu_node *node;
	int ret;

	lockdep_assert_held(&pci_lu.lock);

	list_for_each_entry(node, &pci_lu.nodes, list)
		node->checked = false;

	list_for_each_entry(item, &pci_lu.items, list) {
		ret = pci_lu_check_path(item, true, status, sizeof(status));
		if (ret) {
			pr_err("%s refused: %s: %s\n", when, item->ep->name,
			       status);
			return ret;
		}
	}
	return 0;
}
