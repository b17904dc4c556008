// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: debugfs
 *
 * /sys/kernel/debug/pci-lu/, read only, for tests and developers:
 *
 * - nodes: one line per preserved function, "<bdf> <endpoint|bridge>
 *   users=<n>", and " removed" once it was hot-removed;
 * - stats: "state <name>", "items <n>", "nodes <n>".
 *
 * Nothing here changes state, and nothing here is timing: the tracepoints
 * of include/trace/events/pci_lu.h are the instrument for that.
 *
 * Test kernels only (CONFIG_PCI_LU_FORMAT_TEST), read-write:
 *
 * - write_format: the record format the next freeze writes, %PCI_LU_FORMAT
 *   by default.  2 writes format 2's header, 1 hands the record over under
 *   format 1's FLB name (pci_lu_luo_test_flb_name()), any other number up
 *   to 255 is written as the format of an otherwise current record: the
 *   next kernel's handling of an update from an older or a newer kernel,
 *   without building one.  Changes only while nothing is preserved.
 *
 * Locking: each read takes pci_lu.lock for the whole file; a write of
 * write_format takes it to check the state, then switches the FLB
 * without it (pci-lu-luo.c).
 */

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/seq_file.h>

#include "pci-lu-internal.h"

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

	seq_printf(m, "state %s\n", pci_lu_state_name(pci_lu_state_locked()));
	seq_printf(m, "items %zu\n", list_count_nodes(&pci_lu.items));
	seq_printf(m, "nodes %zu\n", list_count_nodes(&pci_lu.nodes));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pci_lu_stats);

#ifdef CONFIG_PCI_LU_FORMAT_TEST
static unsigned int pci_lu_test_format = PCI_LU_FORMAT;

/**
 * pci_lu_write_format() - The record format the next freeze writes.
 *
 * Return: %PCI_LU_FORMAT unless a test set another (write_format).
 */
unsigned int pci_lu_write_format(void)
{
	return READ_ONCE(pci_lu_test_format);
}

static int pci_lu_write_format_get(void *data, u64 *val)
{
	*val = READ_ONCE(pci_lu_test_format);
	return 0;
}

static int pci_lu_write_format_set(void *data, u64 val)
{
	if (!val || val > U8_MAX)
		return -ERANGE;

	scoped_guard(mutex, &pci_lu.lock) {
		if (pci_lu.state != PCI_LU_STATE_IDLE)
			return -EBUSY;
		WRITE_ONCE(pci_lu_test_format, val);
	}
	/* Not under pci_lu.lock, which LUO takes under its registration lock */
	pci_lu_luo_test_flb_name(val == 1);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(pci_lu_write_format_fops, pci_lu_write_format_get,
			 pci_lu_write_format_set, "%llu\n");
#endif

/**
 * pci_lu_debugfs_init() - Create /sys/kernel/debug/pci-lu/.
 */
void __init pci_lu_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pci-lu", NULL);

	debugfs_create_file("nodes", 0400, dir, NULL, &pci_lu_nodes_fops);
	debugfs_create_file("stats", 0400, dir, NULL, &pci_lu_stats_fops);
#ifdef CONFIG_PCI_LU_FORMAT_TEST
	debugfs_create_file_unsafe("write_format", 0600, dir, NULL,
				   &pci_lu_write_format_fops);
#endif
}
