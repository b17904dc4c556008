// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PCI live update: KUnit tests of the handover record codec
 *
 * Every refusal of pci_lu_rec_validate() on a record built here, each with
 * exactly one defect, and the record the outgoing side writes accepted;
 * a record of the previous format read, and one of any other format
 * refused whole with its entries still named (a longer entry too);
 * and pci_lu_rec_entry_match() on a function that matches and on each way
 * one can differ; pci_lu_rec_fill_entry() takes the identity from config
 * space, not from a pci_dev that quirks rewrote; and the rule by which
 * the freeze reads the next kernel's command line for identity DMA
 * (pci_lu_cmdline_identity()).
 *
 * Locking: none; every case owns its buffers.
 */

#include <kunit/test.h>
#include <linux/crc32.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "pci-lu-internal.h"

#define PCI_LU_TEST_CAPACITY	4

/* A sealed record of @count functions on bus 1, with room for 4 */
static struct pci_lu_rec *pci_lu_test_rec(struct kunit *test,
					  unsigned int count)
{
	struct pci_lu_rec *rec;
	unsigned int i;

	rec = kunit_kzalloc(test, pci_lu_rec_size(PCI_LU_TEST_CAPACITY),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);

	pci_lu_rec_init(rec, PCI_LU_TEST_CAPACITY);
	for (i = 0; i < count; i++)
		rec->entries[i] = (struct pci_lu_rec_entry) {
			.bus = 1,
			.devfn = PCI_DEVFN(i, 0),
			.role = i ? PCI_LU_ROLE_BRIDGE : PCI_LU_ROLE_ENDPOINT,
			.vendor = 0x1234,
			.device = 0x11e8,
			.class = 0x00ff00,
			.command = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER,
		};
	pci_lu_rec_seal(rec, count, PCI_LU_FORMAT);
	return rec;
}

static size_t pci_lu_test_avail(void)
{
	return pci_lu_rec_size(PCI_LU_TEST_CAPACITY);
}

/* Expect @rec refused with exactly @reason, and no index handed out */
static void pci_lu_test_refused(struct kunit *test,
				const struct pci_lu_rec *rec, size_t avail,
				const char *reason)
{
	struct pci_lu_rec_key *keys = NULL;
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, avail, &keys, &why),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, why, reason);
	KUNIT_EXPECT_NULL(test, keys);
}

static void pci_lu_rec_test_valid(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 3);
	struct pci_lu_rec_key *keys = NULL;
	const char *why = NULL;
	unsigned int i;

	/* Out of address order, to see the index sorted */
	swap(rec->entries[0], rec->entries[2]);
	pci_lu_rec_seal(rec, 3, PCI_LU_FORMAT);

	KUNIT_ASSERT_EQ(test, pci_lu_rec_validate(rec, pci_lu_test_avail(),
						  &keys, &why), 0);
	KUNIT_EXPECT_NULL(test, why);
	KUNIT_ASSERT_NOT_NULL(test, keys);
	for (i = 0; i < 3; i++) {
		const struct pci_lu_rec_entry *ent =
			&rec->entries[keys[i].index];

		KUNIT_EXPECT_EQ(test, ent->devfn, PCI_DEVFN(i, 0));
		KUNIT_EXPECT_EQ(test, keys[i].key,
				pci_lu_rec_key(0, 1, PCI_DEVFN(i, 0)));
	}
	kfree(keys);
}

static void pci_lu_rec_test_full(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, PCI_LU_TEST_CAPACITY);
	struct pci_lu_rec_key *keys = NULL;
	const char *why;

	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, pci_lu_test_avail(),
						  &keys, &why), 0);
	kfree(keys);
}

static void pci_lu_rec_test_too_small(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	pci_lu_test_refused(test, rec, sizeof(*rec) - 1,
			    "smaller than its header");
}

static void pci_lu_rec_test_magic(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	rec->magic = ~PCI_LU_REC_MAGIC;
	pci_lu_rec_seal(rec, 1, PCI_LU_FORMAT);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "bad magic");
}

static void pci_lu_rec_test_never_frozen(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	/* What preserve writes, and what an aborted reboot goes back to */
	pci_lu_rec_unseal(rec);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "never frozen");

	pci_lu_rec_init(rec, PCI_LU_TEST_CAPACITY);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "never frozen");
}

static void pci_lu_rec_test_unknown_flags(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	rec->flags |= BIT(31);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "unknown flags");
}

/* Expect @rec refused as a record of another format, entries named */
static void pci_lu_test_other_format(struct kunit *test,
				     const struct pci_lu_rec *rec,
				     unsigned int format)
{
	struct pci_lu_rec_key *keys = NULL;
	struct pci_lu_rec_entry ent;
	const char *why = NULL;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, pci_lu_test_avail(),
						  &keys, &why), -EPROTO);
	KUNIT_EXPECT_STREQ(test, why,
			   "a record format this kernel does not read");
	KUNIT_EXPECT_NULL(test, keys);
	KUNIT_EXPECT_EQ(test, pci_lu_rec_format(rec), format);
	KUNIT_EXPECT_NULL(test, pci_lu_rec_format_name(format));
	for (i = 0; i < rec->count; i++) {
		pci_lu_rec_name_entry(rec, i, &ent);
		KUNIT_EXPECT_EQ(test, ent.bus, 1);
		KUNIT_EXPECT_EQ(test, ent.devfn, PCI_DEVFN(i, 0));
		KUNIT_EXPECT_EQ(test, ent.role, i ? PCI_LU_ROLE_BRIDGE :
				PCI_LU_ROLE_ENDPOINT);
		KUNIT_EXPECT_EQ(test, ent.vendor, 0);
	}
}

/* Format 2, the previous one (no format number in the header), is read */
static void pci_lu_rec_test_format_previous(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);
	struct pci_lu_rec_key *keys = NULL;
	const char *why = NULL;

	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT_MIN);
	KUNIT_EXPECT_EQ(test, rec->format, 0);
	KUNIT_EXPECT_EQ(test, rec->entry_size, 0);
	KUNIT_ASSERT_EQ(test, pci_lu_rec_validate(rec, pci_lu_test_avail(),
						  &keys, &why), 0);
	KUNIT_EXPECT_EQ(test, pci_lu_rec_format(rec), PCI_LU_FORMAT_MIN);
	KUNIT_EXPECT_STREQ(test, pci_lu_rec_format_name(PCI_LU_FORMAT_MIN),
			   "pci-lu-format-2");
	KUNIT_EXPECT_STREQ(test, pci_lu_rec_format_name(PCI_LU_FORMAT),
			   PCI_LU_VERSION);
	kfree(keys);
}

/* A format this kernel does not read is refused whole, entries named */
static void pci_lu_rec_test_format_unknown(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);

	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT + 1);
	pci_lu_test_other_format(test, rec, PCI_LU_FORMAT + 1);

	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT_MIN - 1);
	pci_lu_test_other_format(test, rec, PCI_LU_FORMAT_MIN - 1);

	/* Even with an entry of a role this kernel does not know */
	rec->entries[1].role = 7;
	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT + 1);
	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, pci_lu_test_avail(),
						  NULL, &(const char *){ NULL }),
			-EPROTO);
}

/* A later format with longer entries: named by its entry size */
static void pci_lu_rec_test_format_stride(struct kunit *test)
{
	const size_t esize = sizeof(struct pci_lu_rec_entry) + 4;
	struct pci_lu_rec_entry ent;
	struct pci_lu_rec *rec;
	unsigned int i;
	u8 *entries;

	rec = kunit_kzalloc(test, sizeof(*rec) + 2 * esize, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	*rec = (struct pci_lu_rec) {
		.magic = PCI_LU_REC_MAGIC, .flags = PCI_LU_REC_FROZEN,
		.count = 2, .capacity = 2, .format = PCI_LU_FORMAT + 1,
		.entry_size = esize,
	};
	entries = (u8 *)rec->entries;
	for (i = 0; i < 2; i++) {
		struct pci_lu_rec_entry *e = (void *)(entries + i * esize);

		e->bus = 3;
		e->devfn = PCI_DEVFN(0, i);
		e->role = PCI_LU_ROLE_ENDPOINT;
		memset(e + 1, 0xa5, 4);
	}
	rec->checksum = crc32_le(crc32_le(~0, rec, sizeof(*rec)), entries,
				 2 * esize);
	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, sizeof(*rec) + 2 * esize,
						  NULL, &(const char *){ NULL }),
			-EPROTO);
	for (i = 0; i < 2; i++) {
		pci_lu_rec_name_entry(rec, i, &ent);
		KUNIT_EXPECT_EQ(test, ent.bus, 3);
		KUNIT_EXPECT_EQ(test, ent.devfn, PCI_DEVFN(0, i));
	}
	/* One byte short of the second entry */
	KUNIT_EXPECT_EQ(test, pci_lu_rec_validate(rec, sizeof(*rec) + 2 * esize - 1,
						  NULL, &(const char *){ NULL }),
			-EINVAL);
}

static void pci_lu_rec_test_format_no_entry_size(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	rec->entry_size = 0;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "a format without an entry size");
}

static void pci_lu_rec_test_capacity(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 1);

	/* The header claims room for one more entry than the memory has */
	pci_lu_test_refused(test, rec, pci_lu_test_avail() - 1,
			    "capacity beyond its memory");

	rec->capacity = UINT_MAX;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "capacity beyond its memory");
}

static void pci_lu_rec_test_count(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);

	rec->capacity = 1;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "count over capacity");
}

static void pci_lu_rec_test_checksum(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);

	rec->entries[1].command ^= PCI_COMMAND_MASTER;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "bad checksum");

	rec->entries[1].command ^= PCI_COMMAND_MASTER;
	rec->checksum ^= 1;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "bad checksum");
}

static void pci_lu_rec_test_count_covers_checksum(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);

	/* One entry dropped: the checksum covered two */
	rec->count = 1;
	pci_lu_test_refused(test, rec, pci_lu_test_avail(), "bad checksum");
}

static void pci_lu_rec_test_role(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);

	rec->entries[1].role = 0;
	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "an entry of unknown role");

	rec->entries[1].role = PCI_LU_ROLE_BRIDGE + 1;
	pci_lu_rec_seal(rec, 2, PCI_LU_FORMAT);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "an entry of unknown role");
}

static void pci_lu_rec_test_duplicate(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 3);

	rec->entries[2].devfn = rec->entries[0].devfn;
	pci_lu_rec_seal(rec, 3, PCI_LU_FORMAT);
	pci_lu_test_refused(test, rec, pci_lu_test_avail(),
			    "a function listed twice");

	/* Same bus and devfn in another domain is another function */
	rec->entries[2].domain = 1;
	pci_lu_rec_seal(rec, 3, PCI_LU_FORMAT);
	{
		struct pci_lu_rec_key *keys = NULL;
		const char *why;

		KUNIT_EXPECT_EQ(test,
				pci_lu_rec_validate(rec, pci_lu_test_avail(),
						    &keys, &why), 0);
		kfree(keys);
	}
}

static void pci_lu_rec_test_match(struct kunit *test)
{
	struct pci_lu_rec *rec = pci_lu_test_rec(test, 2);
	const struct pci_lu_rec_entry *ep = &rec->entries[0];
	const struct pci_lu_rec_entry *br = &rec->entries[1];
	struct pci_dev *pdev;

	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	pdev->vendor = ep->vendor;
	pdev->device = ep->device;
	pdev->class = ep->class;
	pdev->hdr_type = PCI_HEADER_TYPE_NORMAL;

	KUNIT_EXPECT_TRUE(test, pci_lu_rec_entry_match(ep, pdev));
	/* A bridge entry needs a bridge there */
	KUNIT_EXPECT_FALSE(test, pci_lu_rec_entry_match(br, pdev));
	pdev->hdr_type = PCI_HEADER_TYPE_BRIDGE;
	KUNIT_EXPECT_TRUE(test, pci_lu_rec_entry_match(br, pdev));

	pdev->vendor ^= 1;
	KUNIT_EXPECT_FALSE(test, pci_lu_rec_entry_match(ep, pdev));
	pdev->vendor ^= 1;
	pdev->device ^= 1;
	KUNIT_EXPECT_FALSE(test, pci_lu_rec_entry_match(ep, pdev));
	pdev->device ^= 1;
	pdev->class ^= 1;
	KUNIT_EXPECT_FALSE(test, pci_lu_rec_entry_match(ep, pdev));
}

/*
 * The entry carries the identity config space has, not the pci_dev's
 * (class rewritten by a quirk of the old kernel): the next kernel matches
 * it against the values it reads before its own quirks run.
 */
static void pci_lu_rec_test_raw_identity(struct kunit *test)
{
	struct pci_lu_rec_entry ent;
	struct pci_dev *pdev;

	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	/* What this kernel's quirks made of it */
	pdev->vendor = 0x8086;
	pdev->device = 0x1234;
	pdev->class = PCI_CLASS_SERIAL_USB_XHCI;
	pdev->hdr_type = PCI_HEADER_TYPE_NORMAL;

	/* Config space: device 0x11e8 of 0x1b36, class 0x0c0310, rev 0x01 */
	pci_lu_rec_fill_entry(&ent, 0, 3, PCI_DEVFN(0, 1), PCI_LU_ROLE_ENDPOINT,
			      0x11e81b36, 0x0c031001, 0x0507);
	KUNIT_EXPECT_EQ(test, ent.bus, 3);
	KUNIT_EXPECT_EQ(test, ent.devfn, PCI_DEVFN(0, 1));
	KUNIT_EXPECT_EQ(test, ent.role, PCI_LU_ROLE_ENDPOINT);
	KUNIT_EXPECT_EQ(test, ent.vendor, 0x1b36);
	KUNIT_EXPECT_EQ(test, ent.device, 0x11e8);
	KUNIT_EXPECT_EQ(test, ent.class, 0x0c0310);
	KUNIT_EXPECT_EQ(test, ent.command, 0x0507);
	KUNIT_EXPECT_EQ(test, ent.reserved0, 0);
	KUNIT_EXPECT_EQ(test, ent.reserved1, 0);

	/* The same function in the next kernel, before its quirks: a match */
	KUNIT_EXPECT_FALSE(test, pci_lu_rec_entry_match(&ent, pdev));
	pdev->vendor = 0x1b36;
	pdev->device = 0x11e8;
	pdev->class = 0x0c0310;
	KUNIT_EXPECT_TRUE(test, pci_lu_rec_entry_match(&ent, pdev));
}

/* Does this next command line ask for identity DMA?  (@line is copied) */
static bool pci_lu_test_identity(struct kunit *test, const char *line)
{
	char *buf = kunit_kstrdup(test, line, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	return pci_lu_cmdline_identity(buf);
}

/*
 * The rule the freeze applies to the loaded next kernel's command line
 * (pci-lu-image.c): the last parameter that chooses the IOMMU's default
 * domain wins.
 */
static void pci_lu_rec_test_cmdline_identity(struct kunit *test)
{
	static const struct {
		const char *line;
		bool identity;
	} cases[] = {
		{ "", false },
		{ "console=ttyS0 kho=on liveupdate=on intel_iommu=on", false },
		{ "console=ttyS0 intel_iommu=on iommu=pt kho=on", true },
		{ "iommu.passthrough=1", true },
		{ "iommu=nopt iommu.passthrough=y", true },
		{ "iommu=pt iommu.passthrough=0", false },
		{ "iommu=pt,nopt", false },
		{ "iommu=force,pt", true },
		{ "intel_iommu=off", true },
		{ "amd_iommu=off", true },
		{ "iommu.passthrough=maybe", false },
		/* a value in quotes; the parameter inside another's value */
		{ "dyndbg=\"iommu=nopt\" iommu=pt", true },
		{ "root=/dev/iommu=pt", false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    pci_lu_test_identity(test, cases[i].line),
				    cases[i].identity, "command line \"%s\"",
				    cases[i].line);
}

static struct kunit_case pci_lu_rec_test_cases[] = {
	KUNIT_CASE(pci_lu_rec_test_valid),
	KUNIT_CASE(pci_lu_rec_test_raw_identity),
	KUNIT_CASE(pci_lu_rec_test_cmdline_identity),
	KUNIT_CASE(pci_lu_rec_test_full),
	KUNIT_CASE(pci_lu_rec_test_too_small),
	KUNIT_CASE(pci_lu_rec_test_magic),
	KUNIT_CASE(pci_lu_rec_test_never_frozen),
	KUNIT_CASE(pci_lu_rec_test_unknown_flags),
	KUNIT_CASE(pci_lu_rec_test_format_previous),
	KUNIT_CASE(pci_lu_rec_test_format_unknown),
	KUNIT_CASE(pci_lu_rec_test_format_stride),
	KUNIT_CASE(pci_lu_rec_test_format_no_entry_size),
	KUNIT_CASE(pci_lu_rec_test_capacity),
	KUNIT_CASE(pci_lu_rec_test_count),
	KUNIT_CASE(pci_lu_rec_test_checksum),
	KUNIT_CASE(pci_lu_rec_test_count_covers_checksum),
	KUNIT_CASE(pci_lu_rec_test_role),
	KUNIT_CASE(pci_lu_rec_test_duplicate),
	KUNIT_CASE(pci_lu_rec_test_match),
	{}
};

static struct kunit_suite pci_lu_rec_test_suite = {
	.name = "pci-lu-rec",
	.test_cases = pci_lu_rec_test_cases,
};

kunit_test_suite(pci_lu_rec_test_suite);

MODULE_DESCRIPTION("KUnit tests of the PCI live update handover record");
MODULE_LICENSE("GPL");
