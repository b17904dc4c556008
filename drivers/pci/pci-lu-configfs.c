// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: configfs interface
 *
 *   /sys/kernel/config/pci-lu/
 *	version			handover format written, "pci-lu-format-3"
 *	compatibles		what a live update from this kernel needs the
 *				next one to read: "<family> <compatible>" lines
 *	state			idle | preserved | frozen | incoming
 *	incoming		records the previous kernel handed over
 *	incoming_version	their format, "pci-lu-format-<N>"
 *	incoming_reasons	why those not "ok" do not apply
 *	abandon			write 1: give up an unfinished handover
 *	devices/
 *		DDDD:BB:DD.F/	mkdir opts the device in, rmdir opts it out
 *			path		upstream path, root port first
 *			bus_master	live Bus Master Enable
 *			saved_bus_master value captured at the last freeze
 *			status		"ok" or "blocked: <reason>"
 *
 * Glue only: every attribute is one call into the core's exported API
 * (include/linux/pci-lu.h), and the name of a devices/ directory is parsed
 * in one place, pci_lu_cfs_parse_bdf().  See
 * Documentation/ABI/testing/configfs-pci-lu.
 *
 * Locking: configfs serialises mkdir and rmdir (the subsystem's su_mutex
 * and the directory's inode lock); the core takes pci_lu.lock inside each
 * call, so attribute reads take it under configfs' locks.  The frontend
 * callbacks follow from that: get and unpin run under pci_lu.lock and take
 * no lock, pin (configfs_depend_item(), which takes the configfs root
 * inode lock) and put run without it.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-lu.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

/*
 * "DDDD:BB:DD.F" as pci_name() prints it: the domain takes at least four
 * hex digits and up to eight (domains above ffff, e.g. behind Intel VMD).
 */
#define PCI_LU_BDF_MINLEN	12
#define PCI_LU_BDF_MAXLEN	16

struct pci_lu_cfs_dev {
	struct config_group group;
	struct pci_lu_item *item;
};

static struct configfs_subsystem pci_lu_cfs_subsys;

static struct pci_lu_cfs_dev *to_pci_lu_cfs_dev(struct config_item *item)
{
	return container_of(to_config_group(item), struct pci_lu_cfs_dev,
			    group);
}

/*
 * The only accepted spelling is the canonical one, so that one device has
 * one directory name: pci_name()'s lowercase "%04x:%02x:%02x.%x", 12
 * characters, or up to 16 for a domain above ffff.
 */
static int pci_lu_cfs_parse_bdf(const char *name, u32 *domain, u8 *bus,
				u8 *devfn)
{
	char canon[PCI_LU_BDF_MAXLEN + 1];
	unsigned int d, b, s, f;
	size_t n = strnlen(name, PCI_LU_BDF_MAXLEN + 1);
	int len = 0;

	if (n < PCI_LU_BDF_MINLEN || n > PCI_LU_BDF_MAXLEN)
		return -EINVAL;
	if (sscanf(name, "%8x:%2x:%2x.%1x%n", &d, &b, &s, &f, &len) != 4 ||
	    (size_t)len != n)
		return -EINVAL;
	if (s > 0x1f || f > 7)
		return -EINVAL;

	snprintf(canon, sizeof(canon), "%04x:%02x:%02x.%x", d, b, s, f);
	if (strcmp(canon, name))
		return -EINVAL;

	*domain = d;
	*bus = b;
	*devfn = PCI_DEVFN(s, f);
	return 0;
}

/* devices/<bdf>/ attributes */

static ssize_t pci_lu_dev_path_show(struct config_item *item, char *page)
{
	char path[64];

	pci_lu_item_path(to_pci_lu_cfs_dev(item)->item, path, sizeof(path));
	return sysfs_emit(page, "%s\n", path);
}

static ssize_t pci_lu_dev_bus_master_show(struct config_item *item,
					  char *page)
{
	int bm = pci_lu_item_bus_master(to_pci_lu_cfs_dev(item)->item);

	if (bm < 0)
		return bm;
	return sysfs_emit(page, "%d\n", bm);
}

static ssize_t pci_lu_dev_saved_bus_master_show(struct config_item *item,
						char *page)
{
	int bm = pci_lu_item_saved_bus_master(to_pci_lu_cfs_dev(item)->item);

	if (bm < 0)
		return sysfs_emit(page, "-\n");
	return sysfs_emit(page, "%d\n", bm);
}

static ssize_t pci_lu_dev_status_show(struct config_item *item, char *page)
{
	char status[PCI_LU_STATUS_LEN];

	pci_lu_item_status(to_pci_lu_cfs_dev(item)->item, status,
			   sizeof(status));
	return sysfs_emit(page, "%s\n", status);
}

CONFIGFS_ATTR_RO(pci_lu_dev_, path);
CONFIGFS_ATTR_RO(pci_lu_dev_, bus_master);
CONFIGFS_ATTR_RO(pci_lu_dev_, saved_bus_master);
CONFIGFS_ATTR_RO(pci_lu_dev_, status);

static struct configfs_attribute *pci_lu_dev_attrs[] = {
	&pci_lu_dev_attr_path,
	&pci_lu_dev_attr_bus_master,
	&pci_lu_dev_attr_saved_bus_master,
	&pci_lu_dev_attr_status,
	NULL,
};

static void pci_lu_dev_release(struct config_item *item)
{
	kfree(to_pci_lu_cfs_dev(item));
}

static struct configfs_item_operations pci_lu_dev_item_ops = {
	.release	= pci_lu_dev_release,
};

static const struct config_item_type pci_lu_dev_type = {
	.ct_item_ops	= &pci_lu_dev_item_ops,
	.ct_attrs	= pci_lu_dev_attrs,
	.ct_owner	= THIS_MODULE,
};

/* devices/ */

static struct config_group *pci_lu_devices_make_group(struct config_group *group,
						      const char *name)
{
	struct pci_lu_cfs_dev *dev;
	struct pci_lu_item *item;
	const char *reason;
	u32 domain;
	u8 bus, devfn;
	int ret;

	ret = pci_lu_cfs_parse_bdf(name, &domain, &bus, &devfn);
	if (ret) {
		pr_info("%*pE: refused: not a canonical DDDD:BB:DD.F name (lowercase hex)\n",
			(int)strnlen(name, 64), name);
		return ERR_PTR(ret);
	}

	dev = kzalloc_obj(*dev);
	if (!dev)
		return ERR_PTR(-ENOMEM);

	/*
	 * The item is visible to a preservation (which takes references on
	 * it) as soon as the core has it: initialise the reference first.
	 */
	config_group_init_type_name(&dev->group, name, &pci_lu_dev_type);

	item = pci_lu_item_create(domain, bus, devfn, dev, &reason);
	if (IS_ERR(item)) {
		pr_info("%s: refused: %s\n", name, reason);
		config_group_put(&dev->group);
		return ERR_CAST(item);
	}
	dev->item = item;
	return &dev->group;
}

/*
 * rmdir opts the device out at once, not when the last reference to the
 * item goes (an open attribute file holds one): the core's item must not
 * outlive its place in configfs, whose reads fail from here on.
 */
static void pci_lu_devices_drop_item(struct config_group *group,
				     struct config_item *item)
{
	struct pci_lu_cfs_dev *dev = to_pci_lu_cfs_dev(item);

	pci_lu_item_destroy(dev->item);
	dev->item = NULL;
	config_item_put(item);
}

static struct configfs_group_operations pci_lu_devices_group_ops = {
	.make_group	= pci_lu_devices_make_group,
	.drop_item	= pci_lu_devices_drop_item,
};

static const struct config_item_type pci_lu_devices_type = {
	.ct_group_ops	= &pci_lu_devices_group_ops,
	.ct_owner	= THIS_MODULE,
};

static struct config_group pci_lu_devices_group;

/* Top level */

static ssize_t pci_lu_version_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", PCI_LU_VERSION);
}

static ssize_t pci_lu_cfs_incoming_version_show(struct config_item *item,
						char *page)
{
	return pci_lu_incoming_version_show(page);
}

static ssize_t pci_lu_cfs_compatibles_show(struct config_item *item,
					   char *page)
{
	return pci_lu_compatibles_show(page);
}

static ssize_t pci_lu_state_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", pci_lu_state_name(pci_lu_get_state()));
}

/* One line per record can exceed a page: a binary attribute has no limit */
static ssize_t pci_lu_incoming_read(struct config_item *item, void *buf,
				    size_t size)
{
	return pci_lu_incoming_show(buf, size);
}

static ssize_t pci_lu_incoming_reasons_read(struct config_item *item,
					    void *buf, size_t size)
{
	return pci_lu_incoming_reasons_show(buf, size);
}

/* Only "1": no other value may be read as consent to drop protection */
static ssize_t pci_lu_abandon_store(struct config_item *item,
				    const char *page, size_t count)
{
	int ret;

	if (!sysfs_streq(page, "1"))
		return -EINVAL;
	ret = pci_lu_incoming_abandon();
	return ret ? ret : count;
}

CONFIGFS_ATTR_RO(pci_lu_, version);
CONFIGFS_ATTR_RO(pci_lu_, state);
CONFIGFS_ATTR_RO(pci_lu_cfs_, compatibles);
CONFIGFS_ATTR_RO(pci_lu_cfs_, incoming_version);
CONFIGFS_ATTR_WO(pci_lu_, abandon);
CONFIGFS_BIN_ATTR_RO(pci_lu_, incoming, NULL, SZ_1M);
CONFIGFS_BIN_ATTR_RO(pci_lu_, incoming_reasons, NULL, SZ_1M);

static struct configfs_attribute *pci_lu_attrs[] = {
	&pci_lu_attr_version,
	&pci_lu_cfs_attr_compatibles,
	&pci_lu_cfs_attr_incoming_version,
	&pci_lu_attr_state,
	&pci_lu_attr_abandon,
	NULL,
};

static struct configfs_bin_attribute *pci_lu_bin_attrs[] = {
	&pci_lu_attr_incoming,
	&pci_lu_attr_incoming_reasons,
	NULL,
};

static const struct config_item_type pci_lu_type = {
	.ct_attrs	= pci_lu_attrs,
	.ct_bin_attrs	= pci_lu_bin_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem pci_lu_cfs_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "pci-lu",
			.ci_type = &pci_lu_type,
		},
	},
};

/* While the set is preserved, rmdir of its items fails with EBUSY */

static void pci_lu_cfs_get(void *data)
{
	struct pci_lu_cfs_dev *dev = data;

	config_item_get(&dev->group.cg_item);
}

static void pci_lu_cfs_put(void *data)
{
	struct pci_lu_cfs_dev *dev = data;

	config_item_put(&dev->group.cg_item);
}

static int pci_lu_cfs_pin(void *data)
{
	struct pci_lu_cfs_dev *dev = data;

	return configfs_depend_item(&pci_lu_cfs_subsys, &dev->group.cg_item);
}

static void pci_lu_cfs_unpin(void *data)
{
	struct pci_lu_cfs_dev *dev = data;

	configfs_undepend_item(&dev->group.cg_item);
}

static const struct pci_lu_frontend pci_lu_cfs_frontend = {
	.get	= pci_lu_cfs_get,
	.put	= pci_lu_cfs_put,
	.pin	= pci_lu_cfs_pin,
	.unpin	= pci_lu_cfs_unpin,
	.owner	= THIS_MODULE,
};

static int __init pci_lu_cfs_init(void)
{
	int ret;

	ret = pci_lu_register_frontend(&pci_lu_cfs_frontend);
	if (ret)
		return ret;

	config_group_init(&pci_lu_cfs_subsys.su_group);
	mutex_init(&pci_lu_cfs_subsys.su_mutex);

	config_group_init_type_name(&pci_lu_devices_group, "devices",
				    &pci_lu_devices_type);
	configfs_add_default_group(&pci_lu_devices_group,
				   &pci_lu_cfs_subsys.su_group);

	ret = configfs_register_subsystem(&pci_lu_cfs_subsys);
	if (ret)
		goto err_unregister_frontend;
	return 0;

err_unregister_frontend:
	pci_lu_unregister_frontend(&pci_lu_cfs_frontend);
	return ret;
}

static void __exit pci_lu_cfs_exit(void)
{
	configfs_unregister_subsystem(&pci_lu_cfs_subsys);
	pci_lu_unregister_frontend(&pci_lu_cfs_frontend);
}

module_init(pci_lu_cfs_init);
module_exit(pci_lu_cfs_exit);

MODULE_DESCRIPTION("configfs interface for PCI live update");
MODULE_LICENSE("GPL");
