// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: /dev/pci-lu
 *
 * A misc device, root only.  Its descriptors stand for the preserved set:
 * preserving one in a LUO session preserves the set (pci-lu-luo.c).  Two
 * ioctls, dispatched through one table (&struct pci_lu_ioctl_op): each
 * argument starts with its size, which must cover at least the fields the
 * first version of the ioctl had; a larger size from newer userspace is
 * accepted if the extra bytes are zero (copy_struct_from_user()), and the
 * answer is copied back up to the smaller of the two sizes.
 *
 * Locking: the ioctls take pci_lu.lock for what they read of the set; the
 * table and the copies to and from userspace need none.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/cleanup.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "pci-lu-internal.h"

union pci_lu_ioctl_buf {
	struct pci_lu_info info;
	struct pci_lu_check check;
};

static void pci_lu_count_incoming(struct pci_lu_info *info)
{
	const struct pci_lu_incoming *in = pci_lu.incoming;
	unsigned int i;

	for (i = 0; i < in->count; i++) {
		const struct pci_lu_in_entry *e = &in->entries[i];

		if (e->ent.role == PCI_LU_ROLE_BRIDGE)
			info->nr_bridges++;
		else
			info->nr_endpoints++;
		info->nr_blocked += !!e->result;
	}
}

static int pci_lu_ioctl_get_info(union pci_lu_ioctl_buf *buf)
{
	struct pci_lu_info *info = &buf->info;
	char status[PCI_LU_STATUS_LEN];
	struct pci_lu_item *item;

	guard(mutex)(&pci_lu.lock);

	info->state = pci_lu_state_locked();
	if (info->state == PCI_LU_STATE_INCOMING) {
		pci_lu_count_incoming(info);
		return 0;
	}

	info->nr_endpoints = pci_lu_nr_nodes(false);
	info->nr_bridges = pci_lu_nr_nodes(true);
	list_for_each_entry(item, &pci_lu.items, list)
		info->nr_blocked += !!pci_lu_check_item(item, status,
							sizeof(status));
	return 0;
}

static int pci_lu_ioctl_check(union pci_lu_ioctl_buf *buf)
{
	struct pci_lu_check *chk = &buf->check;
	struct pci_dev *pdev __free(pci_dev_put) = NULL;
	char bdf[PCI_LU_NAME_LEN];

	if (chk->flags)
		return -EINVAL;

	pdev = pci_get_domain_bus_and_slot(chk->domain, chk->bus, chk->devfn);
	if (!pdev) {
		return pci_lu_blocked(chk->status, sizeof(chk->status),
				      -ENODEV, "nodev",
				      pci_lu_bdf(bdf, chk->domain, chk->bus,
						 chk->devfn),
				      "no such device");
	}

	guard(mutex)(&pci_lu.lock);
	return pci_lu_check_dev(pdev, chk->status, sizeof(chk->status));
}

/**
 * struct pci_lu_ioctl_op - One ioctl of /dev/pci-lu.
 * @size:     Size of its argument in this kernel.
 * @min_size: Smallest size userspace may pass: the end of the last field
 *            of the first version of the argument.
 * @cmd:      The ioctl number.
 * @execute:  Run it on the copied-in argument.  The argument is copied
 *            back whatever it returns, so that a refusal can say why.
 */
struct pci_lu_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	unsigned int cmd;
	int (*execute)(union pci_lu_ioctl_buf *buf);
};

#define PCI_LU_IOCTL_OP(_cmd, _fn, _struct, _last)			\
	{								\
		.size = sizeof(_struct) +				\
			BUILD_BUG_ON_ZERO(sizeof(union pci_lu_ioctl_buf) < \
					  sizeof(_struct)),		\
		.min_size = offsetofend(_struct, _last),		\
		.cmd = _cmd,						\
		.execute = _fn,						\
	}

static const struct pci_lu_ioctl_op pci_lu_ioctl_ops[] = {
	PCI_LU_IOCTL_OP(PCI_LU_IOCTL_GET_INFO, pci_lu_ioctl_get_info,
			struct pci_lu_info, __reserved),
	PCI_LU_IOCTL_OP(PCI_LU_IOCTL_CHECK, pci_lu_ioctl_check,
			struct pci_lu_check, status),
};

static long pci_lu_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct pci_lu_ioctl_op *op = NULL;
	union pci_lu_ioctl_buf buf = {};
	unsigned int i;
	u32 usize;
	int ret;

	for (i = 0; i < ARRAY_SIZE(pci_lu_ioctl_ops); i++)
		if (pci_lu_ioctl_ops[i].cmd == cmd)
			op = &pci_lu_ioctl_ops[i];
	if (!op)
		return -ENOTTY;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < op->min_size)
		return -EINVAL;
	ret = copy_struct_from_user(&buf, op->size, uarg, usize);
	if (ret)
		return ret;

	ret = op->execute(&buf);
	if (copy_to_user(uarg, &buf, min(usize, op->size)))
		return -EFAULT;
	return ret;
}

static int pci_lu_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* Before it can be preserved: see pci-lu-luo.c (an error shows there) */
	pci_lu_luo_relink();
	return nonseekable_open(inode, file);
}

const struct file_operations pci_lu_fops = {
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

/**
 * pci_lu_dev_init() - Create /dev/pci-lu.
 *
 * Return: 0 or the errno of misc_register().
 */
int __init pci_lu_dev_init(void)
{
	return misc_register(&pci_lu_miscdev);
}
