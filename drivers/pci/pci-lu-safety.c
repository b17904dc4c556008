// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: safety checks and the hold on a preserved path
 *
 * The path checks say whether a path is usable; the checks here say
 * whether a function that keeps mastering through the kexec would be
 * safe, and refuse (status "blocked: <bdf> <why>") what cannot be kept:
 *
 * - DMA translated by an IOMMU domain (DMA, DMA-FQ, unmanaged...): the
 *   IOMMU's shutdown turns translation off at kexec and the next kernel
 *   installs new tables, so the IOVAs the device holds would hit raw
 *   physical memory.  No IOMMU, or an identity (passthrough) domain of an
 *   IOMMU pci-lu was verified with (Intel VT-d), is allowed; what the next
 *   kernel will do is checked at freeze (pci-lu-image.c).
 * - ATS, PRI or PASID enabled: a warm ATC keeps issuing translated
 *   requests past the next kernel's tables.
 * - A device bound to a kernel driver, any driver: a kernel driver's DMA
 *   targets kernel allocations (DMA API, page_pool), never memory that the
 *   next kernel keeps, and its shutdown may stop or reset the device
 *   anyway (nvme clears Bus Master Enable, the virtio bus resets its
 *   devices).  Only a function without a driver is kept; a bridge may be
 *   bound to the PCIe port driver, whose .shutdown() only removes its port
 *   services.
 * - MSI or MSI-X enabled on the device: interrupt remapping and vectors
 *   are rebuilt by the next kernel, so a message sent through the kexec is
 *   misdelivered.  INTx is masked by the outgoing side at freeze instead
 *   (pci-lu-out.c).
 * - DMA issued under another requester ID than the device's own: a
 *   pci_real_dma_dev() that is another function (VMD), DMA aliases, or a
 *   Thunderbolt-attached device, whose tunnel the next kernel rebuilds.
 * - A physical function with virtual functions enabled: the VFs are not
 *   kept and the PF's SR-IOV state is not handed over.
 * - Any power state but D0 on a function of the path.
 * - Bus Master Enable off on a bridge of the path while the device has it
 *   on: the device's requests would not be forwarded.
 *
 * Every refusal starts with its reason code (pci_lu_blocked()): iommu,
 * ats, sriov, driver, msi, requester, power, bus-master.
 *
 * The checks read the configuration registers themselves rather than the
 * kernel's cached flags, so that a change made behind the kernel's back
 * (setpci) is seen too.
 *
 * While a set is preserved or frozen, every function of it is held:
 * runtime PM is pinned (a usage reference and pm_runtime_forbid()) so that
 * no bridge suspends under the device, and the function is marked so that
 * the PCI core refuses to reset it or the bus below it, and to bind a
 * driver to it unless it is a bridge (pci_dev_lu_held()).
 *
 * System sleep is refused while a set is preserved or frozen (a PM
 * notifier): suspend powers the path off and resume restores it, so the
 * DMA would stop while the status still said ok.
 *
 * The hold belongs to the preservation, a table of held functions
 * (&struct pci_lu_holds): preserve collects the functions of the set
 * under pci_lu.lock (pci_lu_holds_collect()), holds them without it
 * (pci_lu_holds_take()), bridges before the device below them, so that a
 * reset that sees the device held sees its bridges held too, and
 * publishes the table in pci_lu.holds; unpreserve, or a failed preserve,
 * takes the table back under the lock and releases it without
 * (pci_lu_holds_drop()).  A node that goes meanwhile (an rmdir before the
 * items are pinned, which fails the preservation; a hot removal) changes
 * nothing: its function is released with the table.
 *
 * Locking: no device lock is taken under pci_lu.lock.  The checks run
 * under pci_lu.lock and take no device lock: the driver of a function is
 * read as a snapshot (under RCU, for its name), which the hold makes
 * final for a held endpoint (no driver binds it); the IOMMU domain is read
 * as a user of the group's default domain (iommu_device_use_default_domain(),
 * under the group's mutex), so that an iommu_group/type write cannot free
 * it meanwhile.  The hold and the release take each function's device lock
 * (the reset paths and driver matching test the mark under it) and resume
 * it, without pci_lu.lock.  So a device lock may be held when pci_lu.lock
 * is taken, never the other way round.  The PM notifier takes pci_lu.lock
 * from the suspend path.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/lockdep.h>
#include <linux/pci-ats.h>
#include <linux/pm_runtime.h>
#include <linux/string.h>
#include <linux/suspend.h>

#include "pci.h"
#include "pci-lu-internal.h"

static const char *pci_lu_domain_type(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "blocked";
	case IOMMU_DOMAIN_UNMANAGED:
		return "unmanaged";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	case IOMMU_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	default:
		return "translated";
	}
}

/*
 * The IOMMUs whose kexec shutdown and next-kernel start pci-lu was tested
 * with: Intel VT-d (its instances are "dmar<n>"), translation off at
 * shutdown and an identity domain when the next kernel asks for one.
 * SMMUv3 and AMD-Vi shut down differently and are refused until they are.
 */
static bool pci_lu_iommu_verified(const char *iommu)
{
	return IS_ENABLED(CONFIG_INTEL_IOMMU) && str_has_prefix(iommu, "dmar");
}

static int __pci_lu_check_iommu(struct pci_dev *pdev, char *buf, size_t size)
{
	struct iommu_domain *domain;
	const char *iommu = "?";

	domain = iommu_get_domain_for_dev(&pdev->dev);
	if (!domain)
		return 0;

#ifdef CONFIG_IOMMU_API
	if (pdev->dev.iommu && pdev->dev.iommu->iommu_dev &&
	    pdev->dev.iommu->iommu_dev->dev)
		iommu = dev_name(pdev->dev.iommu->iommu_dev->dev);
#endif
	if (!pci_lu_iommu_verified(iommu))
		return pci_lu_blocked(buf, size, -ENOLINK, "iommu",
				      pci_name(pdev),
				      "is behind IOMMU %s, which pci-lu has not been verified with",
				      iommu);
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return 0;

	return pci_lu_blocked(buf, size, -ENOLINK, "iommu", pci_name(pdev),
			      "DMA is translated by IOMMU %s (%s domain), which does not survive kexec",
			      iommu, pci_lu_domain_type(domain->type));
}

/*
 * The group's domain is read as a user of its default domain, as a driver
 * core probe is: the group's owner count, taken under the group's mutex,
 * keeps a write of iommu_group/type from freeing the domain meanwhile.
 */
static int pci_lu_check_iommu(struct pci_dev *pdev, char *buf, size_t size)
{
	int ret;

	ret = iommu_device_use_default_domain(&pdev->dev);
	if (ret)
		return pci_lu_blocked(buf, size, -ENOLINK, "iommu",
				      pci_name(pdev),
				      "its IOMMU group is owned by another user or not set up (%d)",
				      ret);
	ret = __pci_lu_check_iommu(pdev, buf, size);
	iommu_device_unuse_default_domain(&pdev->dev);
	return ret;
}

/* Is @bit of the 16-bit register at @pos + @reg set?  (Unreadable: no) */
static bool pci_lu_cap_bit(struct pci_dev *pdev, int pos, int reg, u16 bit)
{
	u16 val;

	if (!pos || pci_read_config_word(pdev, pos + reg, &val) ||
	    PCI_POSSIBLE_ERROR(val))
		return false;
	return val & bit;
}

/* Is the enable bit @bit of the extended capability @cap's @ctrl set? */
static bool pci_lu_ext_cap_enabled(struct pci_dev *pdev, u16 cap, int ctrl,
				   u16 bit)
{
	return pci_lu_cap_bit(pdev, pci_find_ext_capability(pdev, cap), ctrl,
			      bit);
}

static int pci_lu_check_ats(struct pci_dev *pdev, char *buf, size_t size)
{
	const char *what = NULL;

	if (pci_lu_ext_cap_enabled(pdev, PCI_EXT_CAP_ID_ATS, PCI_ATS_CTRL,
				   PCI_ATS_CTRL_ENABLE))
		what = "ATS";
	else if (pci_lu_ext_cap_enabled(pdev, PCI_EXT_CAP_ID_PRI,
					PCI_PRI_CTRL, PCI_PRI_CTRL_ENABLE))
		what = "PRI";
	else if (pci_lu_ext_cap_enabled(pdev, PCI_EXT_CAP_ID_PASID,
					PCI_PASID_CTRL, PCI_PASID_CTRL_ENABLE))
		what = "PASID";
	if (!what)
		return 0;

	return pci_lu_blocked(buf, size, -ENOLINK, "ats", pci_name(pdev),
			      "has %s enabled (cached translations would outlive the kexec)",
			      what);
}

static int pci_lu_check_vfs(struct pci_dev *pdev, char *buf, size_t size)
{
	int pos = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_SRIOV);
	u16 ctrl = 0, num = 0;

	if (!pos || pci_read_config_word(pdev, pos + PCI_SRIOV_CTRL, &ctrl) ||
	    PCI_POSSIBLE_ERROR(ctrl) || !(ctrl & PCI_SRIOV_CTRL_VFE))
		return 0;

	pci_read_config_word(pdev, pos + PCI_SRIOV_NUM_VF, &num);
	return pci_lu_blocked(buf, size, -ENOLINK, "sriov", pci_name(pdev),
			      "has SR-IOV enabled with %u virtual function(s)",
			      num);
}

/*
 * Without the device lock: the binding is a snapshot, as the whole status
 * is, and a held endpoint cannot gain a driver (the PCI core matches none
 * to it), so from the hold on the answer can only turn from "bound" to
 * "not bound".  RCU keeps the driver's name valid while it is printed: a
 * module's memory is freed a grace period after its drivers unregistered.
 */
static int pci_lu_check_driver(struct pci_dev *pdev, bool bridge, char *buf,
			       size_t size)
{
	const struct device_driver *drv;

	guard(rcu)();

	drv = READ_ONCE(pdev->dev.driver);
	if (!drv)
		return 0;
	/* Its .shutdown() leaves Bus Master Enable alone; known by identity */
	if (bridge && pcie_port_driver_bound(pdev))
		return 0;

	if (bridge)
		return pci_lu_blocked(buf, size, -ENOLINK, "driver",
				      pci_name(pdev),
				      "is bound to %s, not to the PCIe port driver (unbind it)",
				      drv->name);
	return pci_lu_blocked(buf, size, -ENOLINK, "driver", pci_name(pdev),
			      "is bound to %s (driver DMA lands in memory the next kernel reuses: unbind it)",
			      drv->name);
}

static int pci_lu_check_msi(struct pci_dev *pdev, char *buf, size_t size)
{
	const char *what;

	/* The registers, not pdev->msi_enabled: setpci is seen too */
	if (pci_lu_cap_bit(pdev, pdev->msi_cap, PCI_MSI_FLAGS,
			   PCI_MSI_FLAGS_ENABLE))
		what = "MSI";
	else if (pci_lu_cap_bit(pdev, pdev->msix_cap, PCI_MSIX_FLAGS,
				PCI_MSIX_FLAGS_ENABLE))
		what = "MSI-X";
	else
		return 0;

	return pci_lu_blocked(buf, size, -ENOLINK, "msi", pci_name(pdev),
			      "has %s enabled (its messages would reach the next kernel before it set up their vectors)",
			      what);
}

static int pci_lu_check_requester(struct pci_dev *pdev, char *buf,
				  size_t size)
{
	struct pci_dev *dma_dev = pci_real_dma_dev(pdev);

	if (dma_dev != pdev)
		return pci_lu_blocked(buf, size, -ENOLINK, "requester",
				      pci_name(pdev),
				      "issues its DMA as %s, which is not kept",
				      pci_name(dma_dev));
	if (pdev->dma_alias_mask)
		return pci_lu_blocked(buf, size, -ENOLINK, "requester",
				      pci_name(pdev),
				      "has DMA aliases (requester IDs that are not its own)");
	if (pci_is_thunderbolt_attached(pdev))
		return pci_lu_blocked(buf, size, -ENOLINK, "requester",
				      pci_name(pdev),
				      "is attached through Thunderbolt, whose tunnels the next kernel rebuilds");
	return 0;
}

static int pci_lu_check_power(struct pci_dev *pdev, char *buf, size_t size)
{
	pci_power_t state = pdev->current_state;
	u16 pmcsr;

	/* The register wins over the cached state: setpci may have moved it */
	if (state == PCI_D0 && pdev->pm_cap &&
	    !pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &pmcsr) &&
	    !PCI_POSSIBLE_ERROR(pmcsr))
		state = (pci_power_t __force)(pmcsr & PCI_PM_CTRL_STATE_MASK);
	if (state == PCI_D0)
		return 0;

	return pci_lu_blocked(buf, size, -ENOLINK, "power", pci_name(pdev),
			      "is in %s, not D0", pci_power_name(state));
}

/**
 * pci_lu_masters() - Is a function's Bus Master Enable on?
 * @pdev: The function.
 *
 * Return: true if PCI_COMMAND reads and has Bus Master Enable set.
 */
bool pci_lu_masters(struct pci_dev *pdev)
{
	u16 cmd;

	return !pci_read_config_word(pdev, PCI_COMMAND, &cmd) &&
	       !PCI_POSSIBLE_ERROR(cmd) && (cmd & PCI_COMMAND_MASTER);
}

/**
 * pci_lu_safety_check_bridge() - Does a bridge forward what its device masters?
 * @bridge:  A bridge of @ep's path.
 * @masters: Whether @bridge has Bus Master Enable on.
 * @ep:      The device.
 * @buf:     Output buffer for "blocked: <bdf> <why>" on failure.
 * @size:    Size of @buf.
 *
 * The one check of a bridge that depends on the device whose path it is:
 * pci_lu_check_all() checks a bridge shared by several devices once and
 * this for each of them.
 *
 * Return: 0, or -ENOLINK if @ep masters but @bridge does not.
 */
int pci_lu_safety_check_bridge(struct pci_dev *bridge, bool masters,
			       struct pci_dev *ep, char *buf, size_t size)
{
	if (masters || !pci_lu_masters(ep))
		return 0;
	return pci_lu_blocked(buf, size, -ENOLINK, "bus-master",
			      pci_name(bridge),
			      "has Bus Master Enable off while %s masters",
			      pci_name(ep));
}

/**
 * pci_lu_safety_check() - Can one function of a path be kept mastering?
 * @pdev: The function: the device itself or a bridge above it.
 * @ep:   The device whose path it is (@pdev itself for the device).
 * @buf:  Output buffer for "blocked: <bdf> <why>" on failure.
 * @size: Size of @buf.
 *
 * Runs after the path checks passed on @pdev: it exists, is connected and
 * is not in D3cold.  Takes no device lock: callers hold pci_lu.lock.
 *
 * Return: 0 if @pdev is safe to keep, else -ENOLINK (the errno of every
 * blocked status: the reason is in @buf).
 */
int pci_lu_safety_check(struct pci_dev *pdev, struct pci_dev *ep, char *buf,
			size_t size)
{
	bool bridge = pdev != ep;
	int ret;

	ret = pci_lu_check_power(pdev, buf, size);
	if (ret)
		return ret;

	if (bridge) {
		ret = pci_lu_safety_check_bridge(pdev, pci_lu_masters(pdev), ep,
						 buf, size);
		if (ret)
			return ret;
	}

	if (bridge)
		return pci_lu_check_driver(pdev, bridge, buf, size);

	/* The driver before what it sets up (MSI-X, for one): name the owner */
	ret = pci_lu_check_iommu(pdev, buf, size);
	if (!ret)
		ret = pci_lu_check_ats(pdev, buf, size);
	if (!ret)
		ret = pci_lu_check_vfs(pdev, buf, size);
	if (!ret)
		ret = pci_lu_check_driver(pdev, bridge, buf, size);
	if (!ret)
		ret = pci_lu_check_msi(pdev, buf, size);
	if (!ret)
		ret = pci_lu_check_requester(pdev, buf, size);
	return ret;
}

/* Hold one function: resume it, pin runtime PM, mark it; see below */
static bool pci_lu_safety_hold(struct pci_dev *pdev)
{
	bool was_auto = false;

	pm_runtime_get_sync(&pdev->dev);
#ifdef CONFIG_PM
	was_auto = pdev->dev.power.runtime_auto;
#endif
	pm_runtime_forbid(&pdev->dev);

	guard(device)(&pdev->dev);
	pci_dev_assign_lu_held(pdev, true);
	return was_auto;
}

/* Undo pci_lu_safety_hold(), given what it returned */
static void pci_lu_safety_release(struct pci_dev *pdev, bool was_auto)
{
	scoped_guard(device, &pdev->dev)
		pci_dev_assign_lu_held(pdev, false);

	if (was_auto)
		pm_runtime_allow(&pdev->dev);
	pm_runtime_put(&pdev->dev);
}

/**
 * pci_lu_holds_collect() - The functions a preservation is to hold.
 *
 * Every node of the set with its &struct pci_dev, the bridges of each
 * path before the device below them, so that a reset that finds the
 * device held finds its bridges held too.  Takes a reference on each
 * function: the set may lose nodes before pci_lu_holds_take() runs (an
 * rmdir), never gain any.  Caller holds pci_lu.lock.
 *
 * Return: the table, not held yet, or NULL if out of memory.
 */
struct pci_lu_holds *pci_lu_holds_collect(void)
{
	unsigned int n = list_count_nodes(&pci_lu.nodes), i;
	struct pci_lu_holds *h;
	struct pci_lu_item *item;

	lockdep_assert_held(&pci_lu.lock);

	h = kzalloc_flex(*h, ent, n);
	if (!h)
		return NULL;
	h->size = n;	/* kzalloc_flex() sets it only if the compiler can */
	list_for_each_entry(item, &pci_lu.items, list) {
		for (i = item->nr_hops + 1; i-- > 0;) {
			struct pci_dev *pdev = pci_lu_item_hop(item, i)->pdev;
			unsigned int j;

			if (!pdev)
				continue;
			for (j = 0; j < h->count; j++)
				if (h->ent[j].pdev == pdev)
					break;
			if (j == h->count && !WARN_ON(h->count == h->size))
				h->ent[h->count++].pdev = pci_dev_get(pdev);
		}
	}
	return h;
}

/**
 * pci_lu_holds_take() - Hold every function of a table.
 * @h: From pci_lu_holds_collect().
 *
 * Resumes each function and pins its runtime PM (a usage reference and
 * pm_runtime_forbid()), then marks it under its device lock so that the
 * PCI core refuses to reset it, or the bus below it, and to bind a driver
 * to it.  Caller does not hold pci_lu.lock.
 */
void pci_lu_holds_take(struct pci_lu_holds *h)
{
	unsigned int i;

	for (i = 0; i < h->count; i++)
		h->ent[i].was_auto = pci_lu_safety_hold(h->ent[i].pdev);
}

/**
 * pci_lu_holds_drop() - Release and free what pci_lu_holds_take() held.
 * @h: The table, or NULL.
 *
 * In the reverse order, devices before their bridges; drops the
 * references of pci_lu_holds_collect().  A function removed meanwhile is
 * released all the same.  Caller does not hold pci_lu.lock.
 */
void pci_lu_holds_drop(struct pci_lu_holds *h)
{
	unsigned int i;

	if (!h)
		return;
	for (i = h->count; i-- > 0;) {
		pci_lu_safety_release(h->ent[i].pdev, h->ent[i].was_auto);
		pci_dev_put(h->ent[i].pdev);
	}
	kfree(h);
}

static int pci_lu_pm_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	enum pci_lu_state state;

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;

	scoped_guard(mutex, &pci_lu.lock)
		state = pci_lu.state;
	if (state != PCI_LU_STATE_PRESERVED && state != PCI_LU_STATE_FROZEN)
		return NOTIFY_DONE;

	pr_err_ratelimited("sleep refused: the set is %s in a live update session (close the session first)\n",
			   pci_lu_state_name(state));
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block pci_lu_pm_nb = {
	.notifier_call = pci_lu_pm_notify,
};

/**
 * pci_lu_safety_init() - Refuse system sleep while a set is preserved.
 *
 * Return: 0, or the error of register_pm_notifier().
 */
int pci_lu_safety_init(void)
{
	return register_pm_notifier(&pci_lu_pm_nb);
}

/**
 * pci_lu_safety_exit() - Undo pci_lu_safety_init().
 */
void pci_lu_safety_exit(void)
{
	unregister_pm_notifier(&pci_lu_pm_nb);
}
