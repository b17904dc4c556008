/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI live update: keep Bus Master Enable of opted-in devices and of their
 * upstream bridges across a kexec driven by the Live Update Orchestrator.
 */
#ifndef _LINUX_PCI_LU_H
#define _LINUX_PCI_LU_H

#include <linux/types.h>
#include <uapi/linux/pci_lu.h>

struct module;
struct pci_lu_item;

/**
 * struct pci_lu_frontend - An admin interface on top of the pci-lu core.
 * @get:   Take a reference on the frontend object of an item, so that it
 *         cannot be released.  Called with the set locked: must not sleep
 *         on locks.  The frontend destroys its items before it drops its
 *         own last reference, so an item of the set always has one.
 * @put:   Drop it.  Called without the set locked.
 * @pin:   Make the item impossible to remove until @unpin, when the set is
 *         preserved.  Called without the set locked; may fail, which fails
 *         the preservation.
 * @unpin: Undo @pin.  Called with the set locked: must not sleep on locks.
 * @owner: Module that provides the callbacks.
 *
 * Every callback gets the cookie given to pci_lu_item_create().
 */
struct pci_lu_frontend {
	void (*get)(void *data);
	void (*put)(void *data);
	int (*pin)(void *data);
	void (*unpin)(void *data);
	struct module *owner;
};

#ifdef CONFIG_PCI_LU

int pci_lu_register_frontend(const struct pci_lu_frontend *fe);
void pci_lu_unregister_frontend(const struct pci_lu_frontend *fe);

struct pci_lu_item *pci_lu_item_create(u32 domain, u8 bus, u8 devfn,
				       void *data, const char **reason);
void pci_lu_item_destroy(struct pci_lu_item *item);

int pci_lu_item_path(struct pci_lu_item *item, char *buf, size_t size);
int pci_lu_item_status(struct pci_lu_item *item, char *buf, size_t size);
int pci_lu_item_bus_master(struct pci_lu_item *item);
int pci_lu_item_saved_bus_master(struct pci_lu_item *item);

enum pci_lu_state pci_lu_get_state(void);
const char *pci_lu_state_name(enum pci_lu_state state);
ssize_t pci_lu_incoming_show(char *buf, size_t size);
ssize_t pci_lu_incoming_reasons_show(char *buf, size_t size);
int pci_lu_incoming_abandon(void);
ssize_t pci_lu_compatibles_show(char *buf);
ssize_t pci_lu_incoming_version_show(char *buf);

#endif /* CONFIG_PCI_LU */
#endif /* _LINUX_PCI_LU_H */
