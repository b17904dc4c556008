// SPDX-License-Identifier: GPL-2.0
/*
 * pci-lu: command table, option parsing and help.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_lu.h>

#include "pci-lu.h"

#ifndef PCI_LU_TOOL_VERSION
#define PCI_LU_TOOL_VERSION "0"
#endif

enum { OPT_ROOT = 0x100, OPT_REUSE_CMDLINE, OPT_HOLD };

struct optdoc {
	const char *name;
	int val;		/* short option letter or OPT_* */
	int has_arg;
	const char *arg;
	const char *help;
};

static const struct optdoc common_opts[] = {
	{ "json", 'j', no_argument, NULL,
	  "print one JSON document on standard output" },
	{ "root", OPT_ROOT, required_argument, "DIR",
	  "take every sysfs, configfs, /proc and /dev path below DIR "
	  "(default: $PCI_LU_ROOT, else /)" },
	{ "help", 'h', no_argument, NULL, "show this help and exit" },
	{ 0 }
};

static const struct optdoc version_opt[] = {
	{ "version", 'V', no_argument, NULL, "show the version and exit" },
	{ 0 }
};

static const struct optdoc kexec_opts[] = {
	{ "kernel", 'k', required_argument, "KERNEL",
	  "kernel image to boot (a RELOCATABLE bzImage; required)" },
	{ "initrd", 'i', required_argument, "INITRD",
	  "initramfs for the next kernel" },
	{ "append", 'a', required_argument, "APPEND",
	  "command line for the next kernel" },
	{ "reuse-cmdline", OPT_REUSE_CMDLINE, no_argument, NULL,
	  "reuse the running kernel's command line (/proc/cmdline)" },
	{ 0 }
};

static const struct optdoc preserve_opts[] = {
	{ "hold", OPT_HOLD, no_argument, NULL,
	  "hold the session until SIGINT or SIGTERM, then cancel it "
	  "(required)" },
	{ 0 }
};

struct command {
	const char *name;
	const char *args;
	int min_args, max_args;	/* positional; -1 = unlimited */
	const char *summary;
	const struct optdoc *opts;
	cmd_fn fn;
};

static const struct command commands[] = {
	{ "add", "BDF...", 1, -1, "opt devices in (BDF may be short: "
	  "03:00.0 means 0000:03:00.0)", NULL, cmd_add },
	{ "remove", "BDF...", 1, -1, "opt devices out", NULL, cmd_remove },
	{ "list", "", 0, 0, "every opted-in device: bdf, status, bus_master, "
	  "saved_bus_master, path", NULL, cmd_list },
	{ "status", "[BDF]", 0, 1, "overall state, or one device in detail",
	  NULL, cmd_status },
	{ "check", "BDF...", 1, -1, "run the path checks without opting in",
	  NULL, cmd_check },
	{ "kexec", "-k KERNEL [-i INITRD] [-a APPEND | --reuse-cmdline]", 0,
	  0, "preserve the opted-in set in a LUO session, load KERNEL with "
	  "kexec_file_load and reboot into it, all in one process",
	  kexec_opts, cmd_kexec },
	{ "preserve", "--hold", 0, 0, "preserve in a LUO session and hold it "
	  "until SIGINT/SIGTERM (cancel)", preserve_opts, cmd_preserve },
	{ "incoming", "", 0, 0, "what the previous kernel handed over", NULL,
	  cmd_incoming },
	{ "finish", "", 0, 0, "retrieve and finish the handed-over set (next "
	  "kernel)", NULL, cmd_finish },
	{ "image-check", "KERNEL", 1, 1, "does KERNEL (a bzImage or a vmlinux) "
	  "read the handover format this kernel writes? The preflight of "
	  "kexec, for agents that own their LUO session", NULL,
	  cmd_image_check },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Print text word-wrapped to 79 columns; pos is the current column and
 * continuation lines are indented to indent. */
static void wrap(const char *text, int indent, int pos)
{
	const char *p = text;

	while (*p) {
		int wl = (int)strcspn(p, " ");

		if (pos > indent && pos + 1 + wl > 79) {
			printf("\n%*s", indent, "");
			pos = indent;
		} else if (pos > indent) {
			putchar(' ');
			pos++;
		}
		pos += printf("%.*s", wl, p);
		p += wl;
		p += strspn(p, " ");
	}
	putchar('\n');
}

/* "  name args" padded to the help column, then the wrapped help */
static void help_item(const char *left, const char *help)
{
	const int col = 24;
	int len = printf("  %s", left);

	if (len + 2 > col) {
		putchar('\n');
		len = 0;
	}
	printf("%*s", col - len, "");
	wrap(help, col, col);
}

static void help_opts(const struct optdoc *o)
{
	char left[96];

	for (; o && o->name; o++) {
		if (o->val < 0x100)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->val,
				 o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		help_item(left, o->help);
	}
}

static int main_help(void)
{
	char left[128];
	size_t i;

	printf("Usage: " PROG " [OPTIONS] COMMAND [ARGS]\n\n"
	       "Keep Bus Master Enable of chosen PCI devices and their "
	       "upstream bridges\nacross a live update kexec (LUO).\n\n"
	       "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		snprintf(left, sizeof(left), "%s%s%s", commands[i].name,
			 *commands[i].args ? " " : "", commands[i].args);
		help_item(left, commands[i].summary);
	}
	printf("\nOptions:\n");
	help_opts(common_opts);
	help_opts(version_opt);
	printf("\nRun '" PROG " COMMAND --help' for a command's options. "
	       "See pci-lu(8).\nExit status: 0 success, 1 failure, "
	       "2 usage error.\n");
	return EXIT_OK;
}

static int cmd_help(const struct command *c)
{
	printf("Usage: " PROG " [OPTIONS] %s%s%s\n\n", c->name,
	       *c->args ? " " : "", c->args);
	wrap(c->summary, 0, 0);
	printf("\nOptions:\n");
	help_opts(c->opts);
	help_opts(common_opts);
	return EXIT_OK;
}

static void version_text(json_object *o)
{
	printf(PROG " %s (handover format %s)\n", jstr(o, "version"),
	       jstr(o, "format"));
}

static int version(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "version",
			       json_object_new_string(PCI_LU_TOOL_VERSION));
	json_object_object_add(o, "format",
			       json_object_new_string(PCI_LU_COMPATIBLE));
	emit(o, version_text);
	return EXIT_OK;
}

/* getopt tables from optdoc lists; returns the number of entries */
static int add_opts(struct option *lo, char *so, int n,
		    const struct optdoc *o)
{
	for (; o && o->name; o++, n++) {
		lo[n] = (struct option){ o->name, o->has_arg, NULL, o->val };
		if (o->val < 0x100) {
			size_t l = strlen(so);

			so[l++] = (char)o->val;
			if (o->has_arg == required_argument)
				so[l++] = ':';
			so[l] = '\0';
		}
	}
	lo[n] = (struct option){ 0 };
	return n;
}

/* Handle an option shared by every command; 1 if it was one. */
static int common_opt(int c, bool *help)
{
	switch (c) {
	case 'j':
		opt_json = true;
		return 1;
	case OPT_ROOT:
		path_set_root(optarg);
		return 1;
	case 'h':
		*help = true;
		return 1;
	}
	return 0;
}

static int bad_opt(const char *cmd, int c, char **argv)
{
	const char *what = c == ':' ? "missing argument for option"
				    : "unknown option";

	if (optopt && optopt < 0x100)
		return pl_usage(cmd, "%s '-%c'", what, optopt);
	return pl_usage(cmd, "%s '%s'", what, argv[optind - 1]);
}

static int run_command(const struct command *c, int argc, char **argv)
{
	struct option lo[16];
	char so[32] = ":";
	struct cmd_opts o = { 0 };
	bool help = false;
	int n, ch;

	n = add_opts(lo, so, 0, c->opts);
	add_opts(lo, so, n, common_opts);
	optind = 0;
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (common_opt(ch, &help))
			continue;
		switch (ch) {
		case 'k':
			o.kernel = optarg;
			break;
		case 'i':
			o.initrd = optarg;
			break;
		case 'a':
			o.append = optarg;
			break;
		case OPT_REUSE_CMDLINE:
			o.reuse_cmdline = true;
			break;
		case OPT_HOLD:
			o.hold = true;
			break;
		default:
			return bad_opt(c->name, ch, argv);
		}
	}
	if (help)
		return cmd_help(c);
	argc -= optind;
	argv += optind;
	if (argc < c->min_args)
		return pl_usage(c->name, "missing %s argument (run '" PROG
				" %s --help')", c->args, c->name);
	if (c->max_args >= 0 && argc > c->max_args)
		return pl_usage(c->name, "unexpected argument '%s'",
				argv[c->max_args]);
	return c->fn(argc, argv, &o);
}

int main(int argc, char **argv)
{
	struct option lo[8];
	char so[16] = "+:";
	bool help = false, ver = false;
	size_t i;
	int ch;

	add_opts(lo, so, add_opts(lo, so, 0, common_opts), version_opt);
	path_set_root(getenv("PCI_LU_ROOT"));
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (common_opt(ch, &help))
			continue;
		if (ch == 'V')
			ver = true;
		else
			return bad_opt(NULL, ch, argv);
	}
	if (help)
		return finish_stdout(main_help());
	if (ver)
		return finish_stdout(version());
	if (optind >= argc)
		return pl_usage(NULL, "missing command (run '" PROG
				" --help')");
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[optind], commands[i].name))
			return finish_stdout(run_command(&commands[i],
							 argc - optind,
							 argv + optind));
	return pl_usage(NULL, "unknown command '%s' (run '" PROG " --help')",
			argv[optind]);
}
