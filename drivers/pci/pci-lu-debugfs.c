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
 * Locking: each read takes pci_lu.lock for the whole file.
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

/**
 * pci_lu_debugfs_init() - Create /sys/kernel/debug/pci-lu/.
 */
void __init pci_lu_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pci-lu", NULL);

	debugfs_create_file("nodes", 0400, dir, NULL, &pci_lu_nodes_fops);
	debugfs_create_file("stats", 0400, dir, NULL, &pci_lu_stats_fops);
}
