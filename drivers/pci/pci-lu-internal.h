/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: PCI live update: what the files of the core share
 *
 * One global object, &pci_lu, and the nodes, items and incoming records
 * reachable from it, shared by the files of drivers/pci/pci-lu-*.c.
 *
 * Locking: one mutex, pci_lu.lock, protects every field of &pci_lu and
 * every node and item.  Functions that expect it held say so and assert it
 * with lockdep_assert_held().  Each file's DOC block says what it adds to
 * this rule.
 */
#ifndef _DRIVERS_PCI_PCI_LU_INTERNAL_H
#define _DRIVERS_PCI_PCI_LU_INTERNAL_H

#include <linux/kho/abi/pci_lu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci-lu.h>
#include <linux/types.h>

struct file_operations;
struct pci_lu_rec_key;
struct liveupdate_flb_op_args;
struct pci_dev;

/* Room for pci_name(), "0000:00:00.0" or a wider domain, and a NUL */
#define PCI_LU_NAME_LEN		16

/**
 * struct pci_lu_node - One preserved PCI function.
 * @list:      Entry in pci_lu.nodes.
 * @pdev:      Reference to the function; NULL once it was hot-removed.
 * @name:      pci_name() of the function, kept for reporting after removal.
 * @users:     Opted-in devices that need this node (1 for an endpoint).
 * @bridge:    The node is a bridge on the path of an opted-in device.
 * @saved_cmd: PCI_COMMAND captured at the last freeze (valid if @saved).
 * @saved:     A freeze captured @saved_cmd.
 * @checked:   pci_lu_check_all() found this bridge usable and safe; valid
 *             during one pci_lu_check_all() only.
 * @masters:   Its Bus Master Enable when it was @checked.
 * @raw_id:    Vendor and device ID as config space has them (dword 0),
 *             read at preserve: the identity the next kernel compares.
 * @raw_class: Class code and revision as config space has them, read at
 *             preserve, before any quirk of this kernel could apply.
 * @intx_masked: The freeze set INTx Disable on this device.
 */
struct pci_lu_node {
	struct list_head list;
	struct pci_dev *pdev;
	char name[PCI_LU_NAME_LEN];
	unsigned int users;
	bool bridge;
	u16 saved_cmd;
	bool saved;
	bool checked;
	bool masters;
	u32 raw_id;
	u32 raw_class;
	bool intx_masked;
};

/**
 * struct pci_lu_holds - The functions a preservation holds.
 * @count: Entries in use.
 * @size:  Entries allocated: the nodes of the set when it was collected.
 * @ent:   Each function, with a reference, and whether userspace had
 *         allowed its runtime PM (power/control "auto") before the hold.
 *
 * Owned by the preservation, not by the nodes: a node may go (rmdir
 * during preserve, hot removal) while its function is held; the table
 * releases it all the same.  See pci-lu-safety.c.
 */
struct pci_lu_holds {
	unsigned int count;
	unsigned int size;
	struct {
		struct pci_dev *pdev;
		bool was_auto;
	} ent[] __counted_by(size);
};

/**
 * struct pci_lu_item - One opted-in device.
 * @list:    Entry in pci_lu.items.
 * @data:    Frontend cookie, passed back to its callbacks.
 * @pinned:  The frontend pinned the item for the current preservation.
 * @ep:      The device itself.
 * @nr_hops: Number of bridges from the device up to its root port.
 * @hops:    Those bridges, the device's upstream bridge first.
 */
struct pci_lu_item {
	struct list_head list;
	void *data;
	bool pinned;
	struct pci_lu_node *ep;
	unsigned int nr_hops;
	struct pci_lu_node *hops[] __counted_by(nr_hops);
};

/**
 * pci_lu_item_hop() - One function of an item's path.
 * @item: The item.
 * @i:    0 for the device itself, 1..@item->nr_hops for its bridges, the
 *        device's upstream bridge first and the root port last.
 *
 * Return: the node.
 */
static inline struct pci_lu_node *pci_lu_item_hop(struct pci_lu_item *item,
						  unsigned int i)
{
	return i ? item->hops[i - 1] : item->ep;
}

/**
 * struct pci_lu_in_entry - One record handed over by the previous kernel.
 * @ent:    The record as it came in.
 * @result: 0 if the function set up at that address matches and was
 *          added, -EINPROGRESS while it matches but is not added yet,
 *          -ENODEV if there is none (yet, or any more), -ESTALE if it is
 *          not the one recorded, -EXDEV if bus numbers on its path were
 *          reassigned.
 * @why:    Why @result is not 0, one phrase; NULL if it is.
 * @gone:   The matched function was removed: nothing at that address is
 *          the handed-over function any more.
 * @pinned: The matched function, with a reference, while this entry pins
 *          its runtime PM (from its addition to the bus until it loses
 *          the mark); NULL otherwise.
 */
struct pci_lu_in_entry {
	struct pci_lu_rec_entry ent;
	int result;
	const char *why;
	bool gone;
	struct pci_dev *pinned;
};

/**
 * struct pci_lu_incoming - What the previous kernel handed over.
 * @folio:   The KHO-preserved record, released at finish.
 * @keys:    Index of @entries by address, sorted (pci_lu_rec_validate());
 *           NULL for a refused record.
 * @format:  The record's format number (0: none was read).
 * @count:   Number of entries in @entries.
 * @entries: Validated copy of the records; of a record of a format this
 *           kernel does not read, the address and role of each entry,
 *           all "version-mismatch".
 */
struct pci_lu_incoming {
	struct folio *folio;
	struct pci_lu_rec_key *keys;
	unsigned int format;
	unsigned int count;
	struct pci_lu_in_entry entries[] __counted_by(count);
};

/**
 * struct pci_lu_core - The state of PCI live update in this kernel.
 * @lock:         Protects everything here and every node and item.
 * @state:        &enum pci_lu_state of the outgoing side only: idle,
 *                preserved or frozen (see pci_lu_state_locked()).
 * @items:        The opted-in devices, &struct pci_lu_item.
 * @nodes:        The functions they need, &struct pci_lu_node.
 * @fe:           The admin frontend, if one is registered.
 * @preserving:   A preservation is holding the set's functions or pinning
 *                the frontend's items without the lock: no item may be
 *                created meanwhile.
 * @generation:   Counts the items destroyed, so that a preservation sees
 *                an rmdir made while it did not hold the lock.
 * @rec:          Outgoing record, from preserve until unpreserve or kexec.
 * @holds:        Functions held for the preservation, from preserve until
 *                unpreserve or kexec (pci-lu-safety.c).
 * @incoming:     Next kernel: what came in, until finish.
 * @incoming_ref: Next kernel: the reference on the incoming FLB data taken
 *                at boot is still held.
 * @incoming_err: Next kernel: why no record came in at boot (the error of
 *                liveupdate_flb_get_incoming()), 0 if one did.
 */
struct pci_lu_core {
	struct mutex lock;	/* see above */
	enum pci_lu_state state;
	struct list_head items;
	struct list_head nodes;
	const struct pci_lu_frontend *fe;
	bool preserving;
	unsigned long generation;
	struct pci_lu_rec *rec;
	struct pci_lu_holds *holds;
	struct pci_lu_incoming *incoming;
	bool incoming_ref;
	int incoming_err;
};

extern struct pci_lu_core pci_lu;

/* pci-lu-core.c */
enum pci_lu_state pci_lu_state_locked(void);
const char *pci_lu_bdf(char *buf, u32 domain, u8 bus, u8 devfn);
bool pci_lu_set_locked(void);
unsigned int pci_lu_nr_nodes(bool bridge);
int pci_lu_read_command(struct pci_dev *pdev, u16 *cmd);

/* pci-lu-set.c */
struct pci_lu_node *pci_lu_node_find(struct pci_dev *pdev);
void pci_lu_node_removed(struct pci_dev *pdev);

/* pci-lu-check.c */
__printf(6, 7)
int pci_lu_blocked(char *buf, size_t size, int err, const char *token,
		   const char *name, const char *fmt, ...);
int pci_lu_check_kind(struct pci_dev *pdev, const char **reason);
int pci_lu_check_dev(struct pci_dev *pdev, char *buf, size_t size);
int pci_lu_check_item(struct pci_lu_item *item, char *buf, size_t size);
int pci_lu_check_all(const char *when);

/* pci-lu-safety.c */
bool pci_lu_masters(struct pci_dev *pdev);
int pci_lu_safety_check_bridge(struct pci_dev *bridge, bool masters,
			       struct pci_dev *ep, char *buf, size_t size);
int pci_lu_safety_check(struct pci_dev *pdev, struct pci_dev *ep, char *buf,
			size_t size);
struct pci_lu_holds *pci_lu_holds_collect(void);
void pci_lu_holds_take(struct pci_lu_holds *h);
void pci_lu_holds_drop(struct pci_lu_holds *h);
int pci_lu_safety_init(void);
void pci_lu_safety_exit(void);

/* pci-lu-image.c */
bool pci_lu_cmdline_identity(char *cmdline);
int pci_lu_image_check(void);

/* pci-lu-rec.c: pure functions of a record, no locking */
size_t pci_lu_rec_size(unsigned int capacity);
void pci_lu_rec_init(struct pci_lu_rec *rec, unsigned int capacity);
void pci_lu_rec_seal(struct pci_lu_rec *rec, unsigned int count,
		     unsigned int format);
const char *pci_lu_rec_format_name(unsigned int format);
unsigned int pci_lu_rec_format(const struct pci_lu_rec *rec);
void pci_lu_rec_name_entry(const struct pci_lu_rec *rec, unsigned int i,
			   struct pci_lu_rec_entry *ent);
void pci_lu_rec_unseal(struct pci_lu_rec *rec);
void pci_lu_rec_fill_entry(struct pci_lu_rec_entry *ent, u32 domain, u8 bus,
			   u8 devfn, u8 role, u32 raw_id, u32 raw_class,
			   u16 cmd);

/**
 * struct pci_lu_rec_key - Index of a record entry by address.
 * @key:   pci_lu_rec_key() of the entry's address.
 * @index: Its position in the record.
 */
struct pci_lu_rec_key {
	u64 key;
	unsigned int index;
};

u64 pci_lu_rec_key(u32 domain, u8 bus, u8 devfn);
int pci_lu_rec_key_cmp(const void *a, const void *b);
int pci_lu_rec_validate(const struct pci_lu_rec *rec, size_t avail,
			struct pci_lu_rec_key **keys, const char **why);
bool pci_lu_rec_entry_match(const struct pci_lu_rec_entry *ent,
			    struct pci_dev *pdev);

/* pci-lu-out.c */
int pci_lu_out_preserve(struct liveupdate_flb_op_args *argp);
void pci_lu_out_unpreserve(struct liveupdate_flb_op_args *argp);
int pci_lu_out_freeze(void);
void pci_lu_out_unfreeze(void);

/* pci-lu-in.c */
int pci_lu_in_retrieve(struct liveupdate_flb_op_args *argp);
void pci_lu_in_finish(struct liveupdate_flb_op_args *argp);

/* pci-lu-match.c */
void pci_lu_in_unmark(struct pci_lu_incoming *in);
void pci_lu_in_added(struct pci_dev *pdev);
void pci_lu_in_removed(struct pci_dev *pdev);
void pci_lu_in_summary(void);

/* pci-lu-luo.c */
void pci_lu_luo_init(void);
bool pci_lu_in_get(void);
int pci_lu_luo_relink(void);
void pci_lu_luo_test_flb_name(bool legacy);

/* pci-lu-dev.c */
extern const struct file_operations pci_lu_fops;
int pci_lu_dev_init(void);

/* pci-lu-debugfs.c */
void pci_lu_debugfs_init(void);
#ifdef CONFIG_PCI_LU_FORMAT_TEST
unsigned int pci_lu_write_format(void);
#else
static inline unsigned int pci_lu_write_format(void)
{
	return PCI_LU_FORMAT;
}
#endif

#endif /* _DRIVERS_PCI_PCI_LU_INTERNAL_H */
