// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the pci-lu CLI's argument and BDF parsing.
 *
 * The input is an argument vector: arguments separated by NUL bytes (at
 * most 32).  For each input:
 *   1. every argument goes through bdf_parse(); an accepted one must format
 *      to 12 to 16 canonical characters (4 to 8 domain digits) that parse
 *      back to the same value, with every field in range;
 *   2. every argument goes through status_parse() as a status line: a code
 *      is [a-z][a-z0-9-]* and the detail lies inside the line;
 *   3. the whole vector goes through the real main() (main.c built with
 *      -Dmain=pcilu_main): global options, the command table, getopt_long
 *      of every command, usage errors, --help/--version.  The commands
 *      themselves are stubs here (no file system, no ioctl) that run the
 *      BDF list through bdf_parse_args() the way the real ones do.
 * ASan/UBSan (and LeakSanitizer) turn any memory or UB bug into a crash.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci-lu.h"

int pcilu_main(int argc, char **argv);

static int bdf_list(const char *cmd, int argc, char **argv)
{
	char (*out)[BDF_STRLEN];
	int i, rc;

	rc = bdf_parse_args(cmd, argc, argv, &out);
	if (rc)
		return rc;
	for (i = 0; i < argc; i++)
		if (strlen(out[i]) < 12 || strlen(out[i]) > 16)
			abort();
	free(out);
	return 0;
}

int cmd_add(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return bdf_list("add", argc, argv);
}

int cmd_remove(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return bdf_list("remove", argc, argv);
}

int cmd_check(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return bdf_list("check", argc, argv);
}

int cmd_check_set(int argc, char **argv, const struct cmd_opts *o)
{
	return argc ? cmd_check(argc, argv, o) : 0;
}

int cmd_apply(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv, (void)o;
	return 0;
}

int cmd_status(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return argc ? bdf_list("status", argc, argv) : 0;
}

int cmd_list(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv, (void)o;
	return 0;
}

int cmd_incoming(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv, (void)o;
	return 0;
}

int cmd_finish(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv, (void)o;
	return 0;
}

int cmd_abandon(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv;
	return o->yes ? 0 : pl_usage("abandon", "confirm with --yes");
}

int cmd_preserve(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv;
	return o->hold ? 0 : pl_usage("preserve", "--hold is required");
}

int cmd_kexec(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argc, (void)argv;
	if (!o->kernel)
		return pl_usage("kexec", "missing -k KERNEL");
	/* the strings must be readable to their end */
	if (strlen(o->kernel) + (o->initrd ? strlen(o->initrd) : 0) +
	    (o->append ? strlen(o->append) : 0) > (size_t)1 << 30)
		abort();
	return 0;
}

int cmd_image_check(int argc, char **argv, const struct cmd_opts *o)
{
	(void)argv, (void)o;
	return argc == 1 ? 0 : pl_usage("image-check", "one KERNEL image");
}

static void check_bdf(const char *s)
{
	struct bdf b, b2;
	const char *why = NULL;
	char out[BDF_STRLEN];

	if (bdf_parse(s, &b, &why)) {
		if (!why || !*why)
			abort();	/* a refusal always says why */
		(void)strlen(why);
		return;
	}
	if (b.bus > 0xff || b.dev > 0x1f || b.fn > 7)
		abort();
	bdf_format(&b, out);
	if (strlen(out) < 12 || strlen(out) > 16)
		abort();
	if (bdf_parse(out, &b2, &why) || memcmp(&b, &b2, sizeof(b)))
		abort();	/* the canonical form parses back to itself */
}

static void check_status(const char *s)
{
	struct status_line st;
	size_t i;

	status_parse(s, &st);
	for (i = 0; st.code[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-", st.code[i]))
			abort();
	if (st.code[0] && (st.code[0] < 'a' || st.code[0] > 'z'))
		abort();
	if (st.kind == STATUS_BLOCKED &&
	    (st.detail < s || st.detail > s + strlen(s)))
		abort();	/* the detail points into the line */
	(void)strlen(st.detail);
	json_object_put(status_code_json(s));
}

extern bool opt_json;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[34];
	int argc = 0;
	size_t i, start = 0;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';

	argv[argc++] = "pci-lu";
	for (i = 0; i <= size && argc < 33; i++) {
		if (i == size || buf[i] == '\0') {
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;

	for (i = 1; i < (size_t)argc; i++) {
		check_bdf(argv[i]);
		check_status(argv[i]);
	}

	opt_json = false;
	optind = 0;
	opterr = 0;
	(void)pcilu_main(argc, argv);
	free(buf);
	return 0;
}
