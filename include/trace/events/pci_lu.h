/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI live update tracepoints: the begin and end of what it adds to the
 * reboot and boot paths of a live update, for measuring their cost.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM pci_lu

#if !defined(_TRACE_PCI_LU_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PCI_LU_H

#include <linux/tracepoint.h>

/**
 * pci_lu_freeze_begin - LUO freeze of the preserved set starts
 * @nr_nodes: Functions in the set (devices and bridges).
 */
TRACE_EVENT(pci_lu_freeze_begin,
	    TP_PROTO(unsigned int nr_nodes),
	    TP_ARGS(nr_nodes),
	    TP_STRUCT__entry(__field(unsigned int, nr_nodes)),
	    TP_fast_assign(__entry->nr_nodes = nr_nodes;),
	    TP_printk("nodes=%u", __entry->nr_nodes)
);

/**
 * pci_lu_freeze_end - LUO freeze of the preserved set is done
 * @nr_devices: Opted-in devices in the record.
 * @nr_bridges: Bridges in the record.
 * @ret:        0, or the errno that refused the freeze.
 */
TRACE_EVENT(pci_lu_freeze_end,
	    TP_PROTO(unsigned int nr_devices, unsigned int nr_bridges, int ret),
	    TP_ARGS(nr_devices, nr_bridges, ret),
	    TP_STRUCT__entry(__field(unsigned int, nr_devices)
			     __field(unsigned int, nr_bridges)
			     __field(int, ret)),
	    TP_fast_assign(__entry->nr_devices = nr_devices;
			   __entry->nr_bridges = nr_bridges;
			   __entry->ret = ret;),
	    TP_printk("devices=%u bridges=%u ret=%d", __entry->nr_devices,
		      __entry->nr_bridges, __entry->ret)
);

/**
 * pci_lu_retrieve_begin - The next kernel starts taking the record over
 * @phys: Physical address of the record.
 */
TRACE_EVENT(pci_lu_retrieve_begin,
	    TP_PROTO(u64 phys),
	    TP_ARGS(phys),
	    TP_STRUCT__entry(__field(u64, phys)),
	    TP_fast_assign(__entry->phys = phys;),
	    TP_printk("phys=%#llx", __entry->phys)
);

/**
 * pci_lu_retrieve_end - The record is validated and matched
 * @count: Functions handed over (0 if the record was refused).
 * @ret:   0, or the errno of a failure other than a refusal.
 */
TRACE_EVENT(pci_lu_retrieve_end,
	    TP_PROTO(unsigned int count, int ret),
	    TP_ARGS(count, ret),
	    TP_STRUCT__entry(__field(unsigned int, count)
			     __field(int, ret)),
	    TP_fast_assign(__entry->count = count;
			   __entry->ret = ret;),
	    TP_printk("count=%u ret=%d", __entry->count, __entry->ret)
);

#endif /* _TRACE_PCI_LU_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
