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

enum { OPT_ROOT = 0x100, OPT_REUSE_CMDLINE, OPT_HOLD, OPT_STRICT,
       OPT_COMMAND_LINE, OPT_FORCE, OPT_DRY_RUN, OPT_SEND_TO, OPT_FDSTORE,
       OPT_KEEP, OPT_YES, OPT_SKIP_IMAGE_CHECK, OPT_SKIP_CMDLINE_CHECK };

struct optdoc {
	const char *name;
	int val;		/* short option letter or OPT_* */
	int has_arg;
	const char *arg;
	const char *help;
};

static const struct optdoc common_opts[] = {
	{ "json", 'j', no_argument, NULL,
	  "print one JSON document on standard output (pci-lu(8) JSON "
	  "OUTPUT)" },
	{ "verbose", 'v', no_argument, NULL,
	  "print each step (open, ioctl, syscall, mkdir, rmdir) with its "
	  "duration on standard error" },
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
	{ "command-line", OPT_COMMAND_LINE, required_argument, "CMDLINE",
	  "the next kernel's command line (replaces the running one)" },
	{ "append", 'a', required_argument, "APPEND",
	  "append APPEND to the next kernel's command line" },
	{ "reuse-cmdline", OPT_REUSE_CMDLINE, no_argument, NULL,
	  "start from the running kernel's command line (/proc/cmdline "
	  "without BOOT_IMAGE=; the default)" },
	{ "skip-image-check", OPT_SKIP_IMAGE_CHECK, no_argument, NULL,
	  "boot KERNEL even if image-check finds it incompatible or cannot "
	  "tell (unknown): a kernel that does not read this kernel's "
	  "handover loses every LUO session" },
	{ "skip-cmdline-check", OPT_SKIP_CMDLINE_CHECK, no_argument, NULL,
	  "accept a next command line without kho=on liveupdate=on: the next "
	  "kernel then ignores the handover and reuses the memory the kept "
	  "devices write to" },
	/* refused with a usage error that names what replaced it; not in --help */
	{ "force", OPT_FORCE, no_argument, NULL, NULL },
	{ "dry-run", OPT_DRY_RUN, no_argument, NULL,
	  "check everything and print what would happen; preserve, load "
	  "and reboot nothing" },
	{ 0 }
};

static const struct optdoc preserve_opts[] = {
	{ "hold", OPT_HOLD, no_argument, NULL,
	  "hold the session until SIGINT or SIGTERM, then cancel it" },
	{ "send-to", OPT_SEND_TO, required_argument, "SOCKET",
	  "hand the session fd to the process listening on the UNIX "
	  "socket SOCKET (SCM_RIGHTS) and exit" },
	{ "fdstore", OPT_FDSTORE, no_argument, NULL,
	  "push the session fd into the service manager's fd store "
	  "(FDSTORE=1 over $NOTIFY_SOCKET) and exit" },
	{ 0 }
};

static const struct optdoc finish_opts[] = {
	{ "keep", OPT_KEEP, no_argument, NULL,
	  "opt every handed-over device that matched in again before "
	  "finishing, for the next update" },
	{ "strict", OPT_STRICT, no_argument, NULL,
	  "fail (exit 1) when a record did not match the device now at its "
	  "address; the session is finished all the same" },
	{ 0 }
};

static const struct optdoc abandon_opts[] = {
	{ "yes", OPT_YES, no_argument, NULL,
	  "required: confirm that the handed-over devices lose their "
	  "protection (drivers may bind and reset them mid-DMA)" },
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
	{ "check", "[BDF...]", 0, -1, "run the path checks without opting in; "
	  "without BDF, of every opted-in device", NULL, cmd_check_set },
	{ "apply", "[FILE]", 0, 1, "make the opted-in set equal to FILE "
	  "(default /etc/pci-lu.conf): opt in what it lists, opt out the "
	  "rest", NULL, cmd_apply },
	{ "kexec", "-k KERNEL [-i INITRD] [--command-line CMDLINE] "
	  "[-a APPEND] [--skip-image-check] [--skip-cmdline-check] [--dry-run]", 0,
	  0, "preserve the opted-in set in a LUO session, load KERNEL with "
	  "kexec_file_load and reboot into it, all in one process",
	  kexec_opts, cmd_kexec },
	{ "preserve", "--hold | --send-to SOCKET | --fdstore", 0, 0,
	  "preserve in a LUO session and hold it until SIGINT/SIGTERM "
	  "(cancel), or hand it to another process", preserve_opts,
	  cmd_preserve },
	{ "incoming", "", 0, 0, "what the previous kernel handed over", NULL,
	  cmd_incoming },
	{ "finish", "[--strict] [--keep]", 0, 0, "retrieve and finish the "
	  "handed-over set (next kernel)", finish_opts, cmd_finish },
	{ "abandon", "--yes", 0, 0, "give up a handover that will never be "
	  "finished (next kernel): release the handed-over devices "
	  "unprotected", abandon_opts, cmd_abandon },
	{ "image-check", "KERNEL", 1, 1, "does KERNEL (a bzImage or a vmlinux) "
	  "read the handover format this kernel writes? The preflight of "
	  "kexec, for agents that own their LUO session", NULL,
	  cmd_image_check },
	{ "help", "[COMMAND]", 0, 1, "show the help of COMMAND, or this help",
	  NULL, NULL },
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
		if (!o->help)		/* accepted, not offered */
			continue;
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
	printf("\nRun '" PROG " help COMMAND' for a command's options. "
	       "See pci-lu(8).\nExit status: 0 success, 1 failure, "
	       "2 usage error, 3 not available,\n4 refused, 5 busy, 6 incompatible kernel image, "
	       "7 kernel image of unknown compatibility.\n");
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

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* pci-lu help [COMMAND] */
static int help_command(int argc, char **argv)
{
	const struct command *c;

	if (!argc)
		return main_help();
	c = find_command(argv[0]);
	if (!c)
		return pl_usage("help", "unknown command '%s' (run '" PROG
				" help')", argv[0]);
	return cmd_help(c);
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
			       json_object_new_string(PCI_LU_VERSION));
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
	case 'v':
		opt_verbose = true;
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
	const char *arg = argv[optind - 1];

	/* "--json=1": a known long option given an argument it does not take */
	if (c == '?' && !strncmp(arg, "--", 2) && strchr(arg, '='))
		return pl_usage(cmd, "option '%.*s' takes no argument ('%s')",
				(int)(strchr(arg, '=') - arg), arg, arg);
	if (optopt && optopt < 0x100 && strncmp(arg, "--", 2))
		return pl_usage(cmd, "%s '-%c'", what, optopt);
	return pl_usage(cmd, "%s '%s'", what, argv[optind - 1]);
}

static int run_command(const struct command *c, int argc, char **argv)
{
	struct option lo[24];
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
		case OPT_STRICT:
			o.strict = true;
			break;
		case OPT_COMMAND_LINE:
			o.command_line = optarg;
			break;
		case OPT_FORCE:
			return pl_usage(c->name, "--force was split: "
					"--skip-image-check skips the kernel "
					"image's check, --skip-cmdline-check "
					"that of the next command line");
		case OPT_SKIP_IMAGE_CHECK:
			o.skip_image_check = true;
			break;
		case OPT_SKIP_CMDLINE_CHECK:
			o.skip_cmdline_check = true;
			break;
		case OPT_DRY_RUN:
			o.dry_run = true;
			break;
		case OPT_SEND_TO:
			o.send_to = optarg;
			break;
		case OPT_FDSTORE:
			o.fdstore = true;
			break;
		case OPT_KEEP:
			o.keep = true;
			break;
		case OPT_YES:
			o.yes = true;
			break;
		default:
			return bad_opt(c->name, ch, argv);
		}
	}
	if (help)
		return cmd_help(c);
	argc -= optind;
	argv += optind;
	if (!c->fn)
		return help_command(argc, argv);
	if (argc < c->min_args)
		return pl_usage(c->name, "missing %s argument (run '" PROG
				" %s --help')", c->args, c->name);
	if (c->max_args >= 0 && argc > c->max_args)
		return pl_usage(c->name, "unexpected argument '%s'",
				argv[c->max_args]);
	return c->fn(argc, argv, &o);
}

/*
 * -j anywhere before "--" (not as the argument of an option that takes
 * one), so that a usage error found before getopt reaches it is still an
 * error document.
 */
static void prescan_json(int argc, char **argv)
{
	static const char *const takes_arg[] = { "-k", "-i", "-a", "--root",
		"--kernel", "--initrd", "--append", NULL };
	const char *const *t;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			opt_json = true;
		for (t = takes_arg; *t; t++)
			if (!strcmp(argv[i], *t)) {
				i++;	/* its argument */
				break;
			}
	}
}

int main(int argc, char **argv)
{
	struct option lo[8];
	char so[16] = "+:";
	bool help = false, ver = false;
	const struct command *c;
	int ch;

	opt_json = opt_verbose = false;
	cmd_name = NULL;
	pl_reset_errors();
	prescan_json(argc, argv);
	add_opts(lo, so, add_opts(lo, so, 0, common_opts), version_opt);
	path_set_root(getenv("PCI_LU_ROOT"));
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (common_opt(ch, &help))
			continue;
		if (ch == 'V')
			ver = true;
		else
			return finish_stdout(bad_opt(NULL, ch, argv));
	}
	if (help)
		return finish_stdout(main_help());
	if (ver) {
		cmd_name = "version";
		return finish_stdout(version());
	}
	if (optind >= argc)
		return finish_stdout(pl_usage(NULL, "missing command (run '"
					      PROG " --help')"));
	c = find_command(argv[optind]);
	if (!c)
		return finish_stdout(pl_usage(NULL, "unknown command '%s' (run "
					      "'" PROG " --help')",
					      argv[optind]));
	cmd_name = c->name;
	return finish_stdout(run_command(c, argc - optind, argv + optind));
}
