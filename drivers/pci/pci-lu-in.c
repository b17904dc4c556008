// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: the incoming side
 *
 * In the next kernel, LUO hands the record back at the first
 * liveupdate_flb_get_incoming() (pci_lu_luo_init(), at late_initcall, PCI
 * is enumerated by then).  The record is validated as a whole
 * (pci_lu_rec_validate()): a record that fails, or one that cannot be
 * taken in for lack of memory, is refused with one log line and nothing
 * of it is trusted; retrieve never fails, the refusal is one static empty
 * record, so that the session can still be finished.  A valid record is
 * copied, and each entry is checked against the device now at its address
 * in one walk over the PCI devices: "ok", "missing" (no device there) or
 * "mismatch" (vendor, device, class or role differ).  The record stays
 * preserved until the session is finished; meanwhile the state reads
 * "incoming" unless a new set is preserved (pci_lu_state_locked()): the
 * two sides are independent.
 *
 * Locking: retrieve works on memory nobody else sees yet and takes no
 * lock; pci_lu_luo_init() publishes the result in pci_lu.incoming under
 * pci_lu.lock, and finish and pci_lu_incoming_show() take it.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/bsearch.h>
#include <linux/cleanup.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <trace/events/pci_lu.h>

#include "pci-lu-internal.h"

struct pci_lu_match_ctx {
	struct pci_lu_incoming *in;
	const struct pci_lu_rec_key *keys;
};

static int pci_lu_match_one(struct device *dev, void *data)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pci_lu_match_ctx *ctx = data;
	const struct pci_lu_rec_key *hit;
	struct pci_lu_rec_key k = {
		.key = pci_lu_rec_key(pci_domain_nr(pdev->bus),
				      pdev->bus->number, pdev->devfn),
	};
	struct pci_lu_in_entry *e;

	hit = bsearch(&k, ctx->keys, ctx->in->count, sizeof(k),
		      pci_lu_rec_key_cmp);
	if (!hit)
		return 0;

	e = &ctx->in->entries[hit->index];
	e->result = pci_lu_rec_entry_match(&e->ent, pdev) ? 0 : -ESTALE;
	return 0;
}

/*
 * What LUO gets for a refused record: nothing to trust and nothing to
 * free, so that a refusal needs no memory and the session can always be
 * finished (a retrieve that failed would leave LUO's incoming reference
 * count to trip in liveupdate_flb_put_incoming()).
 */
static struct pci_lu_incoming pci_lu_refused;

/* Refuse a handover record as a whole, with one log line.  Return: 0. */
static int pci_lu_refuse(struct liveupdate_flb_op_args *argp,
			 struct folio *folio, const char *why)
{
	if (folio) {
		pr_err("handover record refused (%s), ignoring it\n", why);
		folio_put(folio);
	}
	argp->obj = &pci_lu_refused;
	return 0;
}

static int pci_lu_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_rec_key *keys __free(kfree) = NULL;
	struct pci_lu_match_ctx ctx;
	struct pci_lu_incoming *in;
	const struct pci_lu_rec *rec;
	struct folio *folio;
	const char *why;
	unsigned int i;
	int ret;

	folio = kho_restore_folio(argp->data);
	if (!folio) {
		pr_err("handover record at %#llx was not preserved, ignoring it\n",
		       argp->data);
		return pci_lu_refuse(argp, NULL, NULL);
	}
	rec = folio_address(folio);
	ret = pci_lu_rec_validate(rec, folio_size(folio), &keys, &why);
	if (ret)
		return pci_lu_refuse(argp, folio,
				     ret == -EINVAL ? why : "out of memory");

	in = kzalloc_flex(*in, entries, rec->count);
	if (!in)
		return pci_lu_refuse(argp, folio, "out of memory");
	in->count = rec->count;
	for (i = 0; i < in->count; i++) {
		in->entries[i].ent = rec->entries[i];
		in->entries[i].result = -ENODEV;
	}
	in->folio = folio;

	ctx = (struct pci_lu_match_ctx) { .in = in, .keys = keys };
	bus_for_each_dev(&pci_bus_type, NULL, &ctx, pci_lu_match_one);

	for (i = 0; i < in->count; i++) {
		const struct pci_lu_in_entry *e = &in->entries[i];
		char bdf[PCI_LU_NAME_LEN];

		if (e->result)
			pr_warn("%s: handed over but %s\n",
				pci_lu_bdf(bdf, e->ent.domain, e->ent.bus,
					   e->ent.devfn),
				e->result == -ENODEV ?
				"missing" : "the device there differs");
	}

	pr_info("retrieved %u handed-over function(s)\n", in->count);
	argp->obj = in;
	return 0;
}

/**
 * pci_lu_in_retrieve() - FLB .retrieve: take the record over.
 * @argp: LUO's arguments: the record's physical address in, the
 *        &struct pci_lu_incoming out.
 *
 * The pci_lu_retrieve_begin and pci_lu_retrieve_end tracepoints bracket
 * it.
 *
 * Never fails: a record refused for any reason, out of memory included,
 * comes out as one static empty record that finish does not free.
 *
 * Return: 0.
 */
int pci_lu_in_retrieve(struct liveupdate_flb_op_args *argp)
{
	int ret;

	trace_pci_lu_retrieve_begin(argp->data);
	ret = pci_lu_retrieve(argp);
	trace_pci_lu_retrieve_end(ret ? 0 :
				  ((struct pci_lu_incoming *)argp->obj)->count,
				  ret);
	return ret;
}

/**
 * pci_lu_in_finish() - FLB .finish: release what was handed over.
 * @argp: LUO's arguments, with the &struct pci_lu_incoming as object.
 */
void pci_lu_in_finish(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_incoming *in = argp->obj;

	scoped_guard(mutex, &pci_lu.lock) {
		if (pci_lu.incoming == in)
			pci_lu.incoming = NULL;
	}

	if (in->folio)
		folio_put(in->folio);
	pr_info("finished: released %u handed-over function(s)\n", in->count);
	if (in != &pci_lu_refused)
		kfree(in);
}

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
		char bdf[PCI_LU_NAME_LEN];
		int bm = 0;
		u16 cmd;

		if (!e->result) {
			pdev = pci_get_domain_bus_and_slot(e->ent.domain,
							   e->ent.bus,
							   e->ent.devfn);
			if (!pci_lu_read_command(pdev, &cmd))
				bm = !!(cmd & PCI_COMMAND_MASTER);
		}

		len += snprintf(buf ? buf + len : NULL, buf ? size - len : 0,
				"%s %s saved_bus_master=%d bus_master=%d %s\n",
				pci_lu_bdf(bdf, e->ent.domain, e->ent.bus,
					   e->ent.devfn),
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
