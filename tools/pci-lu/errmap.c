// SPDX-License-Identifier: GPL-2.0
/*
 * The one owner of error wording: the errno -> reason table for every
 * kernel interface the tool uses, the errno -> exit code classes, and the
 * single error-line format "pci-lu: <what failed>: <reason>".  Every line
 * printed is also recorded for the JSON error object (output.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

#define BUSY_SET "the opted-in set is fixed while a live update is in " \
		 "progress (state preserved or frozen)"
#define BRIDGE_VF "is a bridge or a virtual function (bridges are " \
		  "preserved implicitly)"

static const char *const op_names[OP__COUNT] = {
	[OP_ANY] = "any",
	[OP_CONFIGFS] = "configfs",
	[OP_ADD] = "add",
	[OP_REMOVE] = "remove",
	[OP_OPEN_PCI_LU] = "open-pci-lu",
	[OP_CHECK] = "check",
	[OP_GET_INFO] = "get-info",
	[OP_OPEN_LUO] = "open-liveupdate",
	[OP_CREATE_SESSION] = "create-session",
	[OP_PRESERVE] = "preserve",
	[OP_KEXEC_LOAD] = "kexec-load",
	[OP_REBOOT] = "reboot",
	[OP_RETRIEVE_SESSION] = "retrieve-session",
	[OP_RETRIEVE_FD] = "retrieve-fd",
	[OP_FINISH] = "finish",
	[OP_ABANDON] = "abandon",
	[OP_FILE] = "file",
};

static const struct {
	enum op op;
	int err;
	const char *reason;
} table[] = {
	{ OP_CONFIGFS, ENOENT, "not found: load the module (modprobe "
	  "pci-lu-configfs), or the kernel lacks pci-lu" },
	{ OP_ADD, EINVAL, "malformed device name (configfs wants the "
	  "canonical DDDD:BB:DD.F form)" },
	{ OP_ADD, ENODEV, "no such PCI device" },
	{ OP_ADD, EOPNOTSUPP, BRIDGE_VF },
	{ OP_ADD, EBUSY, BUSY_SET },
	{ OP_ADD, EEXIST, "already opted in" },
	{ OP_REMOVE, ENOENT, "not opted in" },
	{ OP_REMOVE, EBUSY, BUSY_SET },
	{ OP_OPEN_PCI_LU, ENOENT, "no such device node: the kernel lacks "
	  "pci-lu, or devtmpfs is not mounted on /dev" },
	{ OP_CHECK, ENODEV, "no such PCI device" },
	{ OP_CHECK, EOPNOTSUPP, BRIDGE_VF },
	{ OP_CHECK, ENOLINK, "it or a hop of its upstream path is blocked "
	  "(unusable, or unsafe to keep)" },
	{ OP_OPEN_LUO, ENOENT, "no such device node: the kernel lacks the "
	  "Live Update Orchestrator, or was not booted with kho=on "
	  "liveupdate=on" },
	{ OP_OPEN_LUO, EBUSY, "in use by another process (one opener at a "
	  "time: another live update agent has it open)" },
	{ OP_CREATE_SESSION, EEXIST, "a LUO session with this name already "
	  "exists" },
	{ OP_PRESERVE, ENOLINK, "an opted-in device is blocked" },
	{ OP_PRESERVE, EBUSY, "the set is not idle: it is preserved by "
	  "another session, a device was opted out meanwhile (retry), or "
	  "pci-lu-configfs is being unloaded" },
	{ OP_PRESERVE, ENOENT, "no device is opted in" },
	{ OP_PRESERVE, EOPNOTSUPP, "the kernel's LUO has no pci-lu file "
	  "handler" },
	{ OP_ABANDON, ENOENT, "nothing handed over is unfinished (no "
	  "records, or the handover was finished or abandoned already)" },
	{ OP_KEXEC_LOAD, ENOEXEC, "not a kernel image kexec_file_load can "
	  "load (it needs a 64-bit RELOCATABLE bzImage)" },
	{ OP_KEXEC_LOAD, EPERM, "not permitted (needs CAP_SYS_BOOT; kexec "
	  "may be disabled by kernel.kexec_load_disabled or lockdown)" },
	{ OP_KEXEC_LOAD, ENOSYS, "the kernel lacks kexec_file_load "
	  "(CONFIG_KEXEC_FILE)" },
	{ OP_KEXEC_LOAD, EKEYREJECTED, "the kernel image's signature was "
	  "rejected" },
	{ OP_KEXEC_LOAD, EBUSY, "another kexec load is in progress" },
	{ OP_REBOOT, ENOLINK, "LUO freeze refused: an opted-in device is "
	  "blocked" },
	/* the freeze's own refusals (kernel log: "pci-lu: freeze refused:
	 * kexec-image: ..." and "... next-iommu: ...") */
	{ OP_REBOOT, ENOEXEC, "the loaded kernel carries no handover data: "
	  "load it with kexec_file_load (kexec -s)" },
	{ OP_REBOOT, EADDRNOTAVAIL, "a kept device is behind an IOMMU and "
	  "the next kernel's command line does not ask for an identity "
	  "default (iommu=pt or iommu.passthrough=1)" },
	{ OP_REBOOT, EPERM, "not permitted (needs CAP_SYS_BOOT)" },
	{ OP_REBOOT, EINVAL, "no kexec image is loaded" },
	{ OP_RETRIEVE_SESSION, ENOENT, "the previous kernel handed over no "
	  "session with this name" },
	{ OP_RETRIEVE_FD, ENOENT, "the session holds no pci-lu descriptor" },
	{ OP_FINISH, EBUSY, "not every preserved file of the session was "
	  "retrieved" },
	{ OP_ANY, EACCES, "permission denied (run as root)" },
	{ OP_ANY, EPERM, "operation not permitted (run as root)" },
	{ OP_ANY, ENOTTY, "ioctl not supported (not the expected device, "
	  "or kernel and tool versions differ)" },
};

const char *op_name(enum op op)
{
	return op < OP__COUNT ? op_names[op] : "?";
}

enum op op_from_name(const char *name)
{
	int i;

	for (i = 0; i < OP__COUNT; i++)
		if (!strcmp(op_names[i], name))
			return i;
	return OP__COUNT;
}

int errmap_exit(enum op op, int e)
{
	switch (e) {
	case 0:
		return EXIT_FAIL;
	case EBUSY:
		return EXIT_BUSY;
	case ENOTTY:
	case ENOSYS:
		return EXIT_UNAVAIL;
	case ENOENT:
		/* a missing node or session; for preserve: an empty set */
		return op == OP_PRESERVE ? EXIT_REFUSED :
		       op == OP_FILE || op == OP_REMOVE ? EXIT_FAIL :
		       EXIT_UNAVAIL;
	case EEXIST:
		/* a session of the tool's name: a live update holds the set */
		if (op == OP_CREATE_SESSION)
			return EXIT_BUSY;
		return op == OP_FILE ? EXIT_FAIL : EXIT_REFUSED;
	case EOPNOTSUPP:
		/* preserve: the kernel's LUO lacks the file handler */
		return op == OP_PRESERVE ? EXIT_UNAVAIL : EXIT_REFUSED;
	case ENODEV:
	case ENOLINK:
	case EINVAL:
	case EPERM:
	case EACCES:
	case ENOEXEC:
	case EKEYREJECTED:
	case EADDRNOTAVAIL:
		return op == OP_FILE ? EXIT_FAIL : EXIT_REFUSED;
	}
	return EXIT_FAIL;
}

const char *errmap_reason(enum op op, int e)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].op == op && table[i].err == e)
			return table[i].reason;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].op == OP_ANY && table[i].err == e)
			return table[i].reason;
	return strerror(e);
}

/* Print s with anything unprintable escaped, so the error stays one line. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (isprint(c))
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

static struct pl_err first_err, last_err;

const struct pl_err *pl_first_error(void)
{
	return &first_err;
}

const struct pl_err *pl_last_error(void)
{
	return &last_err;
}

void pl_reset_errors(void)
{
	memset(&first_err, 0, sizeof(first_err));
	memset(&last_err, 0, sizeof(last_err));
}

static void vline(int code, int e, const char *reason, const char *fmt,
		  va_list ap)
{
	char what[1024];

	vsnprintf(what, sizeof(what), fmt, ap);
	last_err.set = true;
	last_err.err = e;
	last_err.exit = code;
	snprintf(last_err.what, sizeof(last_err.what), "%s", what);
	snprintf(last_err.reason, sizeof(last_err.reason), "%s", reason);
	if (!first_err.set)
		first_err = last_err;
	fflush(stdout);
	fputs(PROG ": ", stderr);
	put_escaped(stderr, what);
	fputs(": ", stderr);
	put_escaped(stderr, reason);
	fputc('\n', stderr);
}

void pl_error(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(EXIT_FAIL, 0, reason, fmt, ap);
	va_end(ap);
}

int pl_errno(enum op op, int e, const char *fmt, ...)
{
	int code = errmap_exit(op, e);
	va_list ap;

	va_start(ap, fmt);
	vline(code, e, errmap_reason(op, e), fmt, ap);
	va_end(ap);
	return code;
}

int pl_fail(int code, enum op op, int e, const char *reason,
	    const char *fmt, ...)
{
	va_list ap;

	if (!code)
		code = errmap_exit(op, e);
	va_start(ap, fmt);
	vline(code, e, reason ? reason : errmap_reason(op, e), fmt, ap);
	va_end(ap);
	return code;
}

int pl_usage(const char *cmd, const char *fmt, ...)
{
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return pl_fail(EXIT_USAGE, OP_ANY, 0, reason, "%s", cmd ? cmd : "usage");
}
