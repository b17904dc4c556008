// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: the handover record codec
 *
 * Pure functions of a &struct pci_lu_rec buffer (include/linux/kho/abi/
 * pci_lu.h): size it, stamp it, seal it at freeze, and validate what the
 * previous kernel handed over before a single entry is trusted.  Nothing
 * here touches a device or global state, so the KUnit suite can drive
 * every refusal with buffers it builds itself.
 *
 * Locking: none.  The caller owns the buffer: the outgoing side writes the
 * record under pci_lu.lock, the incoming side validates it before anyone
 * else can see it.
 */

#include <linux/crc32.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/stringify.h>

#include "pci-lu-internal.h"

/**
 * pci_lu_rec_size() - Bytes of a record with room for some entries.
 * @capacity: Number of entries.
 *
 * Return: the size, SIZE_MAX on overflow.
 */
size_t pci_lu_rec_size(unsigned int capacity)
{
	return struct_size_t(struct pci_lu_rec, entries, capacity);
}

/*
 * crc32_le(~0, ...) over the header, its checksum field taken as zero, and
 * the @rec->count valid entries.
 */
static u32 pci_lu_rec_csum(const struct pci_lu_rec *rec, size_t esize)
{
	struct pci_lu_rec hdr = *rec;

	hdr.checksum = 0;
	return crc32_le(crc32_le(~0, &hdr, sizeof(hdr)), rec->entries,
			(size_t)rec->count * esize);
}

/* The formats this kernel reads, by number: their names are in the image */
static const char * const pci_lu_format_names[] = {
	[PCI_LU_FORMAT_MIN] = PCI_LU_VERSION_PREFIX __stringify(PCI_LU_FORMAT_MIN),
	[PCI_LU_FORMAT] = PCI_LU_VERSION_PREFIX __stringify(PCI_LU_FORMAT),
};

/* N reads N - 1: the table above has both */
static_assert(PCI_LU_FORMAT - 1 == PCI_LU_FORMAT_MIN);

/**
 * pci_lu_rec_format_name() - The name of a record format this kernel reads.
 * @format: A format number.
 *
 * Return: "pci-lu-format-<N>", or NULL if this kernel does not read
 * @format.  pci_lu_rec_format_name(%PCI_LU_FORMAT) is %PCI_LU_VERSION.
 */
const char *pci_lu_rec_format_name(unsigned int format)
{
	BUILD_BUG_ON(strcmp(PCI_LU_VERSION,
			    PCI_LU_VERSION_PREFIX __stringify(PCI_LU_FORMAT)));
	if (format < PCI_LU_FORMAT_MIN || format > PCI_LU_FORMAT)
		return NULL;
	return pci_lu_format_names[format];
}

/**
 * pci_lu_rec_format() - The format of a record, from its header.
 * @rec: A record whose header is readable.
 *
 * Return: the format number; 2 for a record whose format field is zero
 * (format 2 had no such field: it was reserved, zero).
 */
unsigned int pci_lu_rec_format(const struct pci_lu_rec *rec)
{
	return rec->format ?: 2;
}

/**
 * pci_lu_rec_init() - Stamp an empty record.
 * @rec:      The record, pci_lu_rec_size(@capacity) bytes, zeroed.
 * @capacity: Number of entries it has room for.
 *
 * The record is not sealed: the next kernel refuses it until
 * pci_lu_rec_seal() ran.
 */
void pci_lu_rec_init(struct pci_lu_rec *rec, unsigned int capacity)
{
	*rec = (struct pci_lu_rec) {
		.magic = PCI_LU_REC_MAGIC,
		.capacity = capacity,
		.format = PCI_LU_FORMAT,
		.entry_size = sizeof(struct pci_lu_rec_entry),
	};
}

/**
 * pci_lu_rec_seal() - Complete a record at freeze.
 * @rec:    The record, its first @count entries written.
 * @count:  Number of valid entries, at most the capacity.
 * @format: %PCI_LU_FORMAT; a test kernel may write another number
 *          (CONFIG_PCI_LU_FORMAT_TEST): 2 writes the header of format 2
 *          (no format, no entry size), any other number is written as is.
 */
void pci_lu_rec_seal(struct pci_lu_rec *rec, unsigned int count,
		     unsigned int format)
{
	rec->count = count;
	rec->flags = PCI_LU_REC_FROZEN;
	rec->format = format == 2 ? 0 : format;
	rec->entry_size = format == 2 ? 0 : sizeof(struct pci_lu_rec_entry);
	rec->checksum = pci_lu_rec_csum(rec, sizeof(struct pci_lu_rec_entry));
}

/**
 * pci_lu_rec_unseal() - Undo pci_lu_rec_seal() when the kexec was aborted.
 * @rec: The record.
 *
 * The header is stamped anew, as pci_lu_rec_init() left it, and the next
 * freeze rewrites the entries.
 */
void pci_lu_rec_unseal(struct pci_lu_rec *rec)
{
	pci_lu_rec_init(rec, rec->capacity);
}

/**
 * pci_lu_rec_key() - Sort key of a PCI address.
 * @domain: PCI domain.
 * @bus:    Bus number.
 * @devfn:  Device and function.
 *
 * Return: a key that orders addresses and is unique per function.
 */
u64 pci_lu_rec_key(u32 domain, u8 bus, u8 devfn)
{
	return (u64)domain << 16 | bus << 8 | devfn;
}

/**
 * pci_lu_rec_key_cmp() - Compare two &struct pci_lu_rec_key by key.
 * @a: One.
 * @b: The other.
 *
 * Return: <0, 0 or >0, for sort() and bsearch().
 */
int pci_lu_rec_key_cmp(const void *a, const void *b)
{
	const struct pci_lu_rec_key *ka = a, *kb = b;

	return cmp_int(ka->key, kb->key);
}

/*
 * The checks every format shares, on the header and the stable prefix of
 * each entry; *@esize set to the entry stride.
 */
static const char *pci_lu_rec_invalid(const struct pci_lu_rec *rec,
				      size_t avail, size_t *esize)
{
	size_t need;

	if (avail < sizeof(*rec))
		return "smaller than its header";
	if (rec->magic != PCI_LU_REC_MAGIC)
		return "bad magic";
	if (!(rec->flags & PCI_LU_REC_FROZEN))
		return "never frozen";
	if (rec->flags & ~PCI_LU_REC_FROZEN)
		return "unknown flags";
	if (!rec->format != !rec->entry_size)
		return "a format without an entry size";
	*esize = rec->entry_size ?: sizeof(struct pci_lu_rec_entry);
	if (*esize < PCI_LU_REC_ENTRY_STABLE)
		return "entries smaller than their stable part";
	if (check_mul_overflow((size_t)rec->capacity, *esize, &need) ||
	    check_add_overflow(need, sizeof(*rec), &need) || need > avail)
		return "capacity beyond its memory";
	if (rec->count > rec->capacity)
		return "count over capacity";
	if (pci_lu_rec_csum(rec, *esize) != rec->checksum)
		return "bad checksum";
	return NULL;
}

/**
 * pci_lu_rec_entry_at() - The entry at an index, whatever the format.
 * @rec:   A record that passed the common checks.
 * @esize: Its entry stride.
 * @i:     Index, below @rec->count.
 *
 * Return: the entry; only its stable part (PCI_LU_REC_ENTRY_STABLE bytes)
 * is meaningful unless the record is of a format this kernel reads.
 */
static const struct pci_lu_rec_entry *
pci_lu_rec_entry_at(const struct pci_lu_rec *rec, size_t esize,
		    unsigned int i)
{
	return (const void *)rec->entries + i * esize;
}

/**
 * pci_lu_rec_fill_entry() - Write one entry of the record.
 * @ent:       The entry.
 * @domain:    The function's PCI domain.
 * @bus:       Its bus number.
 * @devfn:     Its device and function.
 * @role:      %PCI_LU_ROLE_ENDPOINT or %PCI_LU_ROLE_BRIDGE.
 * @raw_id:    Dword 0 of its config space (vendor and device ID).
 * @raw_class: Dword 8 of its config space (class code and revision).
 * @cmd:       Its PCI_COMMAND.
 *
 * The identity comes from config space, not from the &struct pci_dev: a
 * quirk may have rewritten its class, and the next kernel compares the
 * entry with the values it reads before its quirks run.
 */
void pci_lu_rec_fill_entry(struct pci_lu_rec_entry *ent, u32 domain, u8 bus,
			   u8 devfn, u8 role, u32 raw_id, u32 raw_class,
			   u16 cmd)
{
	*ent = (struct pci_lu_rec_entry) {
		.domain = domain,
		.bus = bus,
		.devfn = devfn,
		.role = role,
		.vendor = raw_id & 0xffff,
		.device = raw_id >> 16,
		.class = raw_class >> 8,
		.command = cmd,
	};
}

/**
 * pci_lu_rec_entry_match() - Is this the function a record entry names?
 * @ent:  A validated entry.
 * @pdev: The function now at the entry's address.
 *
 * Return: true if vendor, device and class are the recorded ones, and the
 * function is a bridge if the entry is one.
 */
bool pci_lu_rec_entry_match(const struct pci_lu_rec_entry *ent,
			    struct pci_dev *pdev)
{
	return pdev->vendor == ent->vendor && pdev->device == ent->device &&
	       pdev->class == ent->class &&
	       (ent->role != PCI_LU_ROLE_BRIDGE || pci_is_bridge(pdev));
}

/**
 * pci_lu_rec_validate() - Check a handover record before trusting it.
 * @rec:   The record as it came in.
 * @avail: Bytes readable at @rec.
 * @keys:  On success, a kmalloc()ed index of the @rec->count entries sorted
 *         by address (the caller frees it); untouched on failure.
 * @why:   On -EINVAL or -EPROTO, set to why the record is refused.
 *
 * Refuses a record that is smaller than its header, has a bad magic, was
 * never frozen, has unknown flags, has a format without an entry size (or
 * the reverse), has room for more entries than @avail holds, counts more
 * entries than it has room for or fails its checksum (-EINVAL); then one
 * of a format this kernel does not read (-EPROTO: its entries may still be
 * named, pci_lu_rec_name_entry()); then one with an entry of unknown role
 * or that lists a function twice (-EINVAL).  The checks run in that
 * order, so that each reads only what the previous ones proved is there.
 *
 * Return: 0, -EINVAL or -EPROTO (refused, @why set), or -ENOMEM.
 */
int pci_lu_rec_validate(const struct pci_lu_rec *rec, size_t avail,
			struct pci_lu_rec_key **keys, const char **why)
{
	struct pci_lu_rec_key *k;
	unsigned int i;
	size_t esize;

	*why = pci_lu_rec_invalid(rec, avail, &esize);
	if (*why)
		return -EINVAL;
	if (!pci_lu_rec_format_name(pci_lu_rec_format(rec)) ||
	    esize != sizeof(struct pci_lu_rec_entry)) {
		*why = "a record format this kernel does not read";
		return -EPROTO;
	}
	for (i = 0; i < rec->count; i++) {
		const struct pci_lu_rec_entry *ent = &rec->entries[i];

		if (ent->role != PCI_LU_ROLE_ENDPOINT &&
		    ent->role != PCI_LU_ROLE_BRIDGE) {
			*why = "an entry of unknown role";
			return -EINVAL;
		}
	}

	k = kmalloc_array(rec->count, sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;

	for (i = 0; i < rec->count; i++) {
		const struct pci_lu_rec_entry *ent = &rec->entries[i];

		k[i].key = pci_lu_rec_key(ent->domain, ent->bus, ent->devfn);
		k[i].index = i;
	}
	sort(k, rec->count, sizeof(*k), pci_lu_rec_key_cmp, NULL);
	for (i = 1; i < rec->count; i++) {
		if (k[i].key == k[i - 1].key) {
			kfree(k);
			*why = "a function listed twice";
			return -EINVAL;
		}
	}

	*keys = k;
	return 0;
}

/**
 * pci_lu_rec_name_entry() - The stable part of an entry of any format.
 * @rec: A record pci_lu_rec_validate() accepted or refused with -EPROTO.
 * @i:   Index, below @rec->count.
 * @ent: Set to the entry's address and role; the rest zero.
 */
void pci_lu_rec_name_entry(const struct pci_lu_rec *rec, unsigned int i,
			   struct pci_lu_rec_entry *ent)
{
	const struct pci_lu_rec_entry *e;

	e = pci_lu_rec_entry_at(rec, rec->entry_size ?: sizeof(*e), i);
	*ent = (struct pci_lu_rec_entry) {
		.domain = e->domain,
		.bus = e->bus,
		.devfn = e->devfn,
		.role = e->role,
	};
}
