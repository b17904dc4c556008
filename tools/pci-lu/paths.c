// SPDX-License-Identifier: GPL-2.0
/*
 * The one owner of filesystem locations: every sysfs, configfs, /proc and
 * /dev path the tool touches is built here, below --root / $PCI_LU_ROOT.
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

const char *path_root(void)
{
	return root[0] ? root : "/";
}

static char *vbuild(char *buf, size_t n, const char *base, const char *fmt,
		    va_list ap)
{
	int a, b;

	a = snprintf(buf, n, "%s%s%s", root, base, fmt ? "/" : "");
	if (a < 0 || (size_t)a >= n)
		goto toolong;
	if (!fmt)
		return buf;
	b = vsnprintf(buf + a, n - a, fmt, ap);
	if (b < 0 || (size_t)b >= n - a)
		goto toolong;
	return buf;
toolong:
	errno = ENAMETOOLONG;
	return NULL;
}

static char *build(char *buf, size_t n, const char *base, const char *fmt,
		   ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	r = vbuild(buf, n, base, fmt, ap);
	va_end(ap);
	return r;
}

char *path_configfs(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	r = vbuild(buf, n, CONFIGFS_DIR, fmt, ap);
	va_end(ap);
	return r;
}

char *path_configfs_mount(char *buf, size_t n)
{
	return build(buf, n, CONFIGFS_MOUNT, NULL);
}

char *path_sysfs_pci(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	r = vbuild(buf, n, SYSFS_PCI_DEVS, fmt, ap);
	va_end(ap);
	return r;
}

char *path_dev(char *buf, size_t n, const char *name)
{
	return build(buf, n, DEV_DIR, "%s", name);
}

char *path_proc(char *buf, size_t n, const char *name)
{
	return build(buf, n, PROC_DIR, "%s", name);
}
