// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver for the host tier: exercises BDF parsing and the errno ->
 * reason table without a kernel.
 *   pci-lu-unit bdf STRING          canonical form, or "error: <why>"
 *   pci-lu-unit errmap OP ERRNAME   the reason pci-lu prints
 *   pci-lu-unit send-to SOCKET TEXT  handoff_unix() of fd 0
 *   pci-lu-unit fdstore NAME MS      handoff_fdstore() of fd 0
 * (the last two print "ok" or the errno name)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci-lu.h"

static int errno_from_name(const char *name)
{
	int e;

	for (e = 1; e < 4096; e++)
		if (strerrorname_np(e) && !strcmp(strerrorname_np(e), name))
			return e;
	return -1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "bdf")) {
		char out[BDF_STRLEN];
		const char *why;
		struct bdf b;

		if (bdf_parse(argv[2], &b, &why)) {
			printf("error: %s\n", why);
			return 1;
		}
		bdf_format(&b, out);
		printf("%s\n", out);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "errmap")) {
		enum op op = op_from_name(argv[2]);
		int e = errno_from_name(argv[3]);

		if (op == OP__COUNT || e < 0) {
			fprintf(stderr, "unknown operation or errno\n");
			return 2;
		}
		printf("%s\n", errmap_reason(op, e));
		return 0;
	}
	if (argc == 4 && (!strcmp(argv[1], "send-to") ||
			  !strcmp(argv[1], "fdstore"))) {
		int e = !strcmp(argv[1], "send-to") ?
			handoff_unix(argv[2], 0, argv[3]) :
			handoff_fdstore(argv[2], 0, atoi(argv[3]));

		printf("%s\n", e ? strerrorname_np(-e) : "ok");
		return !!e;
	}
	fprintf(stderr, "usage: pci-lu-unit bdf STRING | errmap OP ERRNAME | "
		"send-to SOCKET TEXT | fdstore NAME MS\n");
	return 2;
}
