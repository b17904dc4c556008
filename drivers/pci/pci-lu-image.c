// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: what the loaded next kernel is told
 *
 * LUO freezes from kernel_kexec(), when the next kernel is loaded, so what
 * keeping DMA running asks of that kernel is checked at freeze, before the
 * kexec, rather than found broken after it:
 *
 * - kexec-image: the image was loaded with kexec_file_load() while Kexec
 *   HandOver was enabled, so that it receives KHO's data.  An image loaded
 *   with kexec_load() boots without it: the record is lost and the memory
 *   the kept functions write to is not reserved there.  -ENOEXEC.
 * - next-iommu: if a kept device is behind an IOMMU here, the next
 *   kernel's command line asks for an identity default domain or no IOMMU
 *   (iommu=pt, iommu.passthrough=1, iommu=off, intel_iommu=off,
 *   amd_iommu=off); the last of these parameters wins, as in the kernel's
 *   own parsing.  Otherwise the next kernel attaches a translating default
 *   domain with empty tables to the unbound device at boot and every DMA
 *   faults.  A kernel built with passthrough as its default still needs
 *   the parameter spelled out: the image's configuration is not read.
 *   The command line is the one kexec_file_load() was given, which the
 *   image keeps until it is freed; without it (an image loaded by a
 *   kernel that freed it at load) the check fails closed.  -EADDRNOTAVAIL.
 *
 * Both refusals log "freeze refused: <token>: ..." and fail LUO's freeze,
 * so the kexec does not happen and LUO unfreezes.
 *
 * Locking: called by the outgoing side under pci_lu.lock, from LUO's
 * freeze in kernel_kexec() under the kexec lock, so kexec_image does not
 * change meanwhile.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/kexec.h>
#include <linux/kstrtox.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "pci-lu-internal.h"

/* Does one "iommu=" option list ask for identity (or no IOMMU)? */
static void pci_lu_iommu_opts(char *val, bool *identity)
{
	char *opt;

	while ((opt = strsep(&val, ",")) != NULL) {
		if (!strcmp(opt, "pt") || !strcmp(opt, "off"))
			*identity = true;
		else if (!strcmp(opt, "nopt") || !strcmp(opt, "force"))
			*identity = false;
	}
}

/**
 * pci_lu_cmdline_identity() - Does a command line ask for identity DMA?
 * @cmdline: The command line; modified (split in place).
 *
 * Return: true if the last of the parameters that choose the IOMMU's
 * default domain asks for identity (passthrough) or turns the IOMMU off.
 */
bool pci_lu_cmdline_identity(char *cmdline)
{
	bool identity = false, on;
	char *param, *val;

	cmdline = skip_spaces(cmdline);
	while (*cmdline) {
		cmdline = next_arg(cmdline, &param, &val);
		if (!val)
			continue;
		if (!strcmp(param, "iommu"))
			pci_lu_iommu_opts(val, &identity);
		else if (!strcmp(param, "iommu.passthrough") &&
			 !kstrtobool(val, &on))
			identity = on;
		else if ((!strcmp(param, "intel_iommu") ||
			  !strcmp(param, "amd_iommu")) && !strcmp(val, "off"))
			identity = true;
	}
	return identity;
}

/* The first kept device that sits behind an IOMMU, if any */
static struct pci_lu_node *pci_lu_behind_iommu(void)
{
	struct pci_lu_node *node;

	list_for_each_entry(node, &pci_lu.nodes, list)
		if (!node->bridge && node->pdev &&
		    device_iommu_mapped(&node->pdev->dev))
			return node;
	return NULL;
}

/**
 * pci_lu_image_check() - Can the loaded next kernel take the set over?
 *
 * Caller holds pci_lu.lock, at freeze.
 *
 * Return: 0, -ENOEXEC (no image, or one without KHO data), -EADDRNOTAVAIL
 * (a kept device behind an IOMMU, and the next command line does not ask
 * for identity), or -ENOMEM.
 */
int pci_lu_image_check(void)
{
	struct kimage *image = kexec_image;
	struct pci_lu_node *node;
	char *cmdline;
	bool identity;

	lockdep_assert_held(&pci_lu.lock);

	if (!image || !image->file_mode || !image->kho.fdt) {
		if (!image)
			pr_err("freeze refused: kexec-image: no kernel is loaded\n");
		else if (!image->file_mode)
			pr_err("freeze refused: kexec-image: the loaded kernel was loaded with kexec_load, which hands over no KHO data (load it with kexec_file_load: kexec -s)\n");
		else
			pr_err("freeze refused: kexec-image: the loaded kernel carries no KHO data (was Kexec HandOver enabled when it was loaded?)\n");
		return -ENOEXEC;
	}

	node = pci_lu_behind_iommu();
	if (!node)
		return 0;

	cmdline = kstrndup(image->cmdline_buf ?: "", image->cmdline_buf_len,
			   GFP_KERNEL);
	if (!cmdline)
		return -ENOMEM;
	identity = pci_lu_cmdline_identity(cmdline);
	kfree(cmdline);
	if (identity)
		return 0;

	pr_err("freeze refused: next-iommu: %s is behind an IOMMU and the next kernel's command line does not ask for identity DMA (iommu=pt or iommu.passthrough=1)\n",
	       node->name);
	return -EADDRNOTAVAIL;
}
