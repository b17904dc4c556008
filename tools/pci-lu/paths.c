// SPDX-License-Identifier: GPL-2.0
/*
 * The one owner of filesystem locations: every sysfs, configfs, /proc and
 * /dev path the tool touches, and apply's default configuration file, is
 * built here, below --root / $PCI_LU_ROOT.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

#define CONFIGFS_MOUNT	"/sys/kernel/config"
#define CONFIGFS_DIR	CONFIGFS_MOUNT "/pci-lu"
#define SYSFS_PCI_DEVS	"/sys/bus/pci/devices"
#define DEV_DIR		"/dev"
#define PROC_DIR	"/proc"
#define CONF_FILE	"/etc/pci-lu.conf"

static char root[4096];

void path_set_root(const char *r)
{
	size_t len;

	if (!r)
		r = "";
	snprintf(root, sizeof(root), "%s", r);
	/* "/" and "dir/" must not double the separator */
	len = strlen(root);
	while (len > 0 && root[len - 1] == '/')
		root[--len] = '\0';
}


static const char *const bases[] = {
	[P_CONFIGFS] = CONFIGFS_DIR,
	[P_CONFIGFS_MOUNT] = CONFIGFS_MOUNT,
	[P_SYSFS_PCI] = SYSFS_PCI_DEVS,
	[P_DEV] = DEV_DIR,
	[P_PROC] = PROC_DIR,
	[P_CONF] = CONF_FILE,
};

const char *path_system(enum path_base base)
{
	return bases[base];
}

char *path_of(char *buf, size_t n, enum path_base base, const char *fmt, ...)
{
	va_list ap;
	int a, b;

	a = snprintf(buf, n, "%s%s%s", root, bases[base], fmt ? "/" : "");
	if (a < 0 || (size_t)a >= n)
		goto toolong;
	if (!fmt)
		return buf;
	va_start(ap, fmt);
	b = vsnprintf(buf + a, n - a, fmt, ap);
	va_end(ap);
	if (b < 0 || (size_t)b >= n - a)
		goto toolong;
	return buf;
toolong:
	errno = ENAMETOOLONG;
	return NULL;
}
