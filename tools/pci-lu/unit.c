// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver for the host tier: exercises BDF parsing, the errno ->
 * reason table and the status line parser without a kernel.
 *   pci-lu-unit bdf STRING          canonical form, or "error: <why>"
 *   pci-lu-unit errmap OP ERRNAME   the reason pci-lu prints
 *   pci-lu-unit errexit OP ERRNAME  the exit status it gives
 *   pci-lu-unit status LINE         "<none|ok|blocked> <code|-> <detail>"
 *                                   and the human form on a second line
 *   pci-lu-unit check BDF ERRNAME STATUS [-j]
 *                                   what check prints after the ioctl
 *                                   returned ERRNAME ("0": success) and
 *                                   STATUS (sysfs below $PCI_LU_ROOT)
 *   pci-lu-unit send-to SOCKET TEXT  handoff_unix() of fd 0
 *   pci-lu-unit fdstore NAME MS      handoff_fdstore() of fd 0
 * (the last two print "ok" or the errno name)
 *   pci-lu-unit mkimage [-u] [-p PROTO] COMPRESSION OUT [STRING...]
 *                                   a fake kernel image (mkimage.c)
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

int unit_mkimage(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "mkimage"))
		return unit_mkimage(argc - 1, argv + 1);
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
	if (argc == 4 && (!strcmp(argv[1], "errmap") ||
			  !strcmp(argv[1], "errexit"))) {
		enum op op = op_from_name(argv[2]);
		int e = errno_from_name(argv[3]);

		if (op == OP__COUNT || e < 0) {
			fprintf(stderr, "unknown operation or errno\n");
			return 2;
		}
		if (!strcmp(argv[1], "errmap"))
			printf("%s\n", errmap_reason(op, e));
		else
			printf("%d\n", errmap_exit(op, e));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "status")) {
		static const char *const kinds[] = {
			[STATUS_NONE] = "none", [STATUS_OK] = "ok",
			[STATUS_BLOCKED] = "blocked",
		};
		struct status_line st;

		status_parse(argv[2], &st);
		printf("%s %s %s\n", kinds[st.kind],
		       st.code[0] ? st.code : "-", st.detail);
		return 0;
	}
	if ((argc == 5 || (argc == 6 && !strcmp(argv[5], "-j"))) &&
	    !strcmp(argv[1], "check")) {
		int e = strcmp(argv[3], "0") ? errno_from_name(argv[3]) : 0;
		json_object *o;

		if (e < 0) {
			fprintf(stderr, "unknown errno\n");
			return 2;
		}
		path_set_root(getenv("PCI_LU_ROOT"));
		opt_json = argc == 6;
		cmd_name = "check";
		o = json_object_new_object();
		json_object_object_add(o, "results", json_object_new_array());
		json_object_array_add(json_object_object_get(o, "results"),
				      check_result(argv[2], e, argv[4]));
		emit(o, check_results_text);
		return finish_stdout(e ? EXIT_FAIL : EXIT_OK);
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
		"errexit OP ERRNAME | status LINE | check BDF ERRNAME STATUS "
		"[-j] | send-to SOCKET TEXT | fdstore NAME MS\n");
	return 2;
}
