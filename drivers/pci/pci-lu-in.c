// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: the incoming record
 *
 * In the next kernel, LUO hands the record back at the first
 * liveupdate_flb_get_incoming(), which pci_lu_in_get() makes when PCI
 * sets up its first function (pci_setup_device() calls
 * pci_lu_setup_device()), or at late_initcall if there is none.  LUO has
 * read its handover data at early_initcall, before any PCI enumeration.
 * The record is validated as a whole (pci_lu_rec_validate()): a record
 * that fails, or one that cannot be taken in for lack of memory, is
 * refused with one log line and nothing of it is trusted; retrieve never
 * fails, the refusal is one static empty record, so that the session can
 * still be finished.
 *
 * A record of a format this kernel does not read (include/linux/kho/abi/
 * pci_lu.h, "Versioning") is refused as well, loudly: each of its entries
 * is named and shown as "version-mismatch", none is taken over.
 *
 * Each entry starts "missing" and is matched against the function PCI
 * sets up at its address (pci-lu-match.c).  incoming and
 * incoming_reasons show the entries; finish clears the marks of the
 * matched functions and frees the record.
 *
 * The record stays preserved until the session is finished; meanwhile
 * the state reads "incoming" unless a new set is preserved
 * (pci_lu_state_locked()): the two sides are independent.
 *
 * A handover that will never be finished (the agent that owned the
 * session died, LUO failed to hand the session back) would keep its
 * functions unbindable until the next reboot.  The admin's way out is
 * abandon (pci_lu_incoming_abandon()): the marks and holds go as at
 * finish, with a warning, and the record is no longer shown; what LUO
 * owns (the session, the record's memory) stays until the session is
 * finished, if ever, or until the next reboot.
 *
 * Locking: retrieve works on memory nobody else sees yet and takes no
 * lock; pci_lu_in_get() publishes the result in pci_lu.incoming under
 * pci_lu.lock.  Finish, abandon and the show functions take pci_lu.lock.
 */

#define pr_fmt(fmt) "pci-lu: " fmt

#include <linux/cleanup.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <trace/events/pci_lu.h>

#include "pci.h"
#include "pci-lu-internal.h"

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

/*
 * A record of a format this kernel does not read: refused as a whole, but
 * each entry is named (its stable part) and shown as "version-mismatch",
 * so that the admin sees what was handed over and not taken over.  None
 * is matched: nothing is marked, held or protected.  Return: 0.
 */
static int pci_lu_version_mismatch(struct liveupdate_flb_op_args *argp,
				   struct folio *folio,
				   const struct pci_lu_rec *rec)
{
	unsigned int format = pci_lu_rec_format(rec), i;
	struct pci_lu_incoming *in;

	pr_err("handover record refused: record format %u, this kernel reads formats %u and %u: %u function(s) not taken over\n",
	       format, PCI_LU_FORMAT_MIN, PCI_LU_FORMAT, rec->count);
	in = kzalloc_flex(*in, entries, rec->count);
	if (!in)
		return pci_lu_refuse(argp, folio, "out of memory");
	in->count = rec->count;
	for (i = 0; i < in->count; i++) {
		pci_lu_rec_name_entry(rec, i, &in->entries[i].ent);
		in->entries[i].result = -EPROTO;
		in->entries[i].why = "the record is of a format this kernel does not read";
	}
	in->folio = folio;
	in->format = format;
	argp->obj = in;
	return 0;
}

static int pci_lu_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct pci_lu_rec_key *keys __free(kfree) = NULL;
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
	if (ret == -EPROTO)
		return pci_lu_version_mismatch(argp, folio, rec);
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
		in->entries[i].why = "no function was found at this address";
	}
	in->folio = folio;
	in->keys = no_free_ptr(keys);
	in->format = pci_lu_rec_format(rec);

	pr_info("retrieved %u handed-over function(s) (%s)\n", in->count,
		pci_lu_rec_format_name(in->format));
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
		pci_lu_in_unmark(in);
		if (pci_lu.incoming == in)
			pci_lu.incoming = NULL;
	}

	if (in->folio)
		folio_put(in->folio);
	kfree(in->keys);
	pr_info("finished: released %u handed-over function(s)\n", in->count);
	if (in != &pci_lu_refused)
		kfree(in);
}

/**
 * pci_lu_incoming_abandon() - Give up a handover that will not be finished.
 *
 * Releases every handed-over function as finish does (its mark, so that
 * drivers bind and resets work again, and its runtime PM pin) and stops
 * showing the records; logs a warning: whatever DMA the previous kernel
 * left running is no longer protected.  LUO still owns the session and
 * the record's memory: a later finish of the session frees it.
 *
 * Return: 0, or -ENOENT if nothing handed over is unfinished.
 */
int pci_lu_incoming_abandon(void)
{
	struct pci_lu_incoming *in;
	unsigned int i, kept = 0;

	guard(mutex)(&pci_lu.lock);

	in = pci_lu.incoming;
	if (!in)
		return -ENOENT;
	for (i = 0; i < in->count; i++)
		kept += !in->entries[i].result;
	pci_lu_in_unmark(in);
	pci_lu.incoming = NULL;
	pr_warn("handover abandoned: %u of %u handed-over function(s) released unfinished; DMA they still do is no longer protected\n",
		kept, in->count);
	return 0;
}
EXPORT_SYMBOL_GPL(pci_lu_incoming_abandon);

/**
 * pci_lu_incoming_version_show() - The format of the incoming record.
 * @buf: A page.
 *
 * "pci-lu-format-<N>" of the record the previous kernel handed over, read
 * or refused as of a format this kernel does not read; nothing if none
 * came in, it was refused for another reason, or it is finished.
 *
 * Return: the number of bytes written.
 */
ssize_t pci_lu_incoming_version_show(char *buf)
{
	guard(mutex)(&pci_lu.lock);

	if (!pci_lu.incoming || !pci_lu.incoming->format)
		return 0;
	return sysfs_emit(buf, "%s%u\n", PCI_LU_VERSION_PREFIX,
			  pci_lu.incoming->format);
}
EXPORT_SYMBOL_GPL(pci_lu_incoming_version_show);

/* The result of a record as userspace reads it */
static const char *pci_lu_in_result(int result)
{
	switch (result) {
	case 0:
		return "ok";
	case -ENODEV:
	case -EINPROGRESS:	/* matched, not added (yet): no function there */
		return "missing";
	case -EPROTO:
		return "version-mismatch";
	default:
		return "mismatch";
	}
}

/*
 * Append one formatted line to @buf at @len (@buf NULL: count only), as
 * much of it as fits in @size.  Formatting into @buf directly would end
 * the last line with the NUL of snprintf() instead of its newline when
 * @size is exactly what the NULL pass counted.  Return: the new length.
 */
static __printf(4, 5) size_t pci_lu_in_append(char *buf, size_t size,
					      size_t len, const char *fmt, ...)
{
	char line[192];
	va_list args;
	size_t n;

	va_start(args, fmt);
	n = vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (buf && len < size)
		memcpy(buf + len, line, min(n, size - len));
	return len + n;
}

/**
 * pci_lu_incoming_show() - Format what the previous kernel handed over.
 * @buf:  Output buffer, or NULL to learn the size needed.
 * @size: Size of @buf.
 *
 * One line per record: "<bdf> <endpoint|bridge> saved_bus_master=<0|1>
 * bus_master=<0|1> <ok|mismatch|missing|version-mismatch>".  Of a record
 * of a format this kernel does not read, saved_bus_master is 0.
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

		len = pci_lu_in_append(buf, size, len,
				       "%s %s saved_bus_master=%d bus_master=%d %s\n",
				       pci_lu_bdf(bdf, e->ent.domain, e->ent.bus,
						  e->ent.devfn),
				       e->ent.role == PCI_LU_ROLE_BRIDGE ?
				       "bridge" : "endpoint",
				       !!(e->ent.command & PCI_COMMAND_MASTER),
				       bm, pci_lu_in_result(e->result));
		if (buf && len >= size)
			return size;
	}
	return len;
}
EXPORT_SYMBOL_GPL(pci_lu_incoming_show);

/**
 * pci_lu_incoming_reasons_show() - Why handed-over records do not apply.
 * @buf:  Output buffer, or NULL to learn the size needed.
 * @size: Size of @buf.
 *
 * One line per record that pci_lu_incoming_show() reports other than
 * "ok": "<bdf> <mismatch|missing|version-mismatch> <reason>".
 *
 * Return: number of bytes the text takes (not counting a NUL).
 */
ssize_t pci_lu_incoming_reasons_show(char *buf, size_t size)
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
		char bdf[PCI_LU_NAME_LEN];

		if (!e->result)
			continue;
		len = pci_lu_in_append(buf, size, len, "%s %s %s\n",
				       pci_lu_bdf(bdf, e->ent.domain,
						  e->ent.bus, e->ent.devfn),
				       pci_lu_in_result(e->result), e->why);
		if (buf && len >= size)
			return size;
	}
	return len;
}
EXPORT_SYMBOL_GPL(pci_lu_incoming_reasons_show);
