// SPDX-License-Identifier: GPL-2.0
/*
 * Commands that talk to the kernel through /dev/pci-lu and /dev/liveupdate:
 * check, kexec, preserve, finish.
 *
 * The tool's LUO session is named PCI_LU_TOOL_SESSION and holds the
 * /dev/pci-lu descriptor under PCI_LU_TOOL_TOKEN: a policy of this tool,
 * not kernel ABI.  Any other agent may preserve a /dev/pci-lu descriptor in
 * a session of its own instead (Documentation/PCI/pci-lu.rst, "Orchestrator
 * contract"); status and incoming work whoever holds it.
 *
 * /dev/liveupdate has one opener at a time: it is opened only to create or
 * retrieve the session and closed right after, never held while waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kexec.h>
#include <linux/liveupdate.h>
#include <linux/reboot.h>

#include "pci-lu.h"
#include "steps.h"

static const char *const state_names[] = {
	[PCI_LU_STATE_IDLE] = "idle",
	[PCI_LU_STATE_PRESERVED] = "preserved",
	[PCI_LU_STATE_FROZEN] = "frozen",
	[PCI_LU_STATE_INCOMING] = "incoming",
};

const char *state_name(unsigned int state)
{
	if (state < sizeof(state_names) / sizeof(state_names[0]))
		return state_names[state];
	return "unknown";
}

/* Open /dev/<name>; on failure print why (as cmd) and return EXIT_FAIL. */
static int open_node(const char *cmd, const char *name, enum op op, int *fd)
{
	char path[PATH_MAX];

	*fd = -1;
	if (!path_dev(path, sizeof(path), name))
		return pl_errno(op, errno, "%s: open /dev/%s", cmd, name);
	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return pl_errno(op, errno, "%s: open %s", cmd, path);
	return 0;
}

static int get_info(int fd, struct pci_lu_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, PCI_LU_IOCTL_GET_INFO, info);
}

int pcilu_info(struct pci_lu_info *info)
{
	char path[PATH_MAX];
	int fd, rc, e;

	if (!path_dev(path, sizeof(path), PCI_LU_DEVICE_NAME))
		return -1;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = get_info(fd, info);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* ---- check ---- */

static void check_note(json_object *r)
{
	print_bus_master_note(jstr(r, "status"),
			      sysfs_bus_master(jstr(r, "bdf")));
}

void check_results_text(json_object *o)
{
	print_results(o, "can be preserved", check_note);
}

json_object *check_result(const char *bdf, int e, const char *status)
{
	const char *why;

	/* the kernel's status as it is: it starts with its reason code */
	why = status[0] ? status : e ? errmap_reason(OP_CHECK, e) : "ok";
	if (e)
		pl_fail(0, OP_CHECK, e, why, "check %s", bdf);
	return result_json(bdf, e, why, status[0] ?
			   json_object_new_string(status) :
			   e ? NULL : json_object_new_string("ok"));
}

int cmd_check(int argc, char **argv, const struct cmd_opts *opts)
{
	char (*bdfs)[BDF_STRLEN];
	json_object *res, *o;
	int fd, i, rc, failed = 0;

	(void)opts;
	rc = bdf_parse_args("check", argc, argv, &bdfs);
	if (rc)
		return rc;
	if (open_node("check", PCI_LU_DEVICE_NAME, OP_OPEN_PCI_LU, &fd)) {
		free(bdfs);
		return EXIT_FAIL;
	}
	res = json_object_new_array();
	for (i = 0; i < argc; i++) {
		struct pci_lu_check c = { .size = sizeof(c) };
		const char *why;
		struct bdf b;
		int e = 0;

		bdf_parse(bdfs[i], &b, &why);
		c.domain = b.domain;
		c.bus = b.bus;
		c.devfn = (b.dev << 3) | b.fn;
		if (ioctl(fd, PCI_LU_IOCTL_CHECK, &c))
			e = errno;
		c.status[PCI_LU_STATUS_LEN - 1] = '\0';
		failed |= !!e;
		json_object_array_add(res, check_result(bdfs[i], e, c.status));
	}
	close(fd);
	free(bdfs);
	o = json_object_new_object();
	json_object_object_add(o, "results", res);
	emit(o, check_results_text);
	return failed ? EXIT_FAIL : EXIT_OK;
}

/* ---- LUO session ---- */

struct session {
	int sess, dev;	/* session, /dev/pci-lu */
};

/* Closing the session fd cancels a preserved session (LUO unpreserves). */
static void session_close(struct session *s)
{
	if (s->dev >= 0)
		close(s->dev);
	if (s->sess >= 0)
		close(s->sess);
	s->dev = s->sess = -1;
}

/*
 * A refusal: for ENOLINK (an item is blocked) the first blocked device's
 * configfs status, with its reason code, is the reason; otherwise the
 * errno's (reboot: ENOEXEC, EADDRNOTAVAIL for the freeze's own refusals).
 */
static int report_refusal(const char *cmd, const char *step, enum op op,
			  int e)
{
	struct set_summary sum;
	char reason[700];

	if (e != ENOLINK || set_summary(&sum) || !sum.blocked)
		return pl_errno(op, e, "%s: %s", cmd, step);
	snprintf(reason, sizeof(reason), "%s: %s%s", sum.bdf,
		 sum.status,
		 sum.blocked > 1 ? " (and more blocked devices: see 'pci-lu "
		 "list')" : "");
	return pl_fail(0, op, e, reason, "%s: %s refused", cmd, step);
}

/* kexec's image keys of the JSON document: kernel, initrd, cmdline */
static void add_image(json_object *info, const struct cmd_opts *o,
		      const char *cmdline)
{
	json_object_object_add(info, "kernel",
			       json_object_new_string(o->kernel));
	json_object_object_add(info, "initrd", o->initrd ?
			       json_object_new_string(o->initrd) : NULL);
	json_object_object_add(info, "cmdline",
			       json_object_new_string(cmdline));
}

/*
 * One ioctl on /dev/liveupdate, which is opened for it and closed again
 * right away: LUO has one opener, and the sessions outlive it.  *err is
 * the ioctl's errno (0 on success); a failed open is reported here.
 */
static int luo_ioctl(const char *cmd, unsigned long req, void *arg, int *err)
{
	int luo;

	if (open_node(cmd, "liveupdate", OP_OPEN_LUO, &luo))
		return EXIT_FAIL;
	*err = ioctl(luo, req, arg) ? errno : 0;
	close(luo);
	return 0;
}

/* Create the tool's session. */
static int session_create(const char *cmd, int *sess)
{
	struct liveupdate_ioctl_create_session cs = { .size = sizeof(cs) };
	int e;

	*sess = -1;
	snprintf((char *)cs.name, sizeof(cs.name), "%s", PCI_LU_TOOL_SESSION);
	if (luo_ioctl(cmd, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs, &e))
		return EXIT_FAIL;
	if (e)
		return pl_errno(OP_CREATE_SESSION, e, "%s: create LUO session "
				"%s", cmd, PCI_LU_TOOL_SESSION);
	*sess = cs.fd;
	return 0;
}

static int session_preserve(const char *cmd, struct session *s)
{
	struct liveupdate_session_preserve_fd pf = { .size = sizeof(pf) };

	s->sess = s->dev = -1;
	if (session_create(cmd, &s->sess))
		goto fail;
	if (open_node(cmd, PCI_LU_DEVICE_NAME, OP_OPEN_PCI_LU, &s->dev))
		goto fail;
	pf.fd = s->dev;
	pf.token = PCI_LU_TOOL_TOKEN;
	if (ioctl(s->sess, LIVEUPDATE_SESSION_PRESERVE_FD, &pf)) {
		report_refusal(cmd, "preserve", OP_PRESERVE, errno);
		goto fail;
	}
	return 0;
fail:
	session_close(s);
	return EXIT_FAIL;
}

/* {session, token, state, nr_devices, nr_bridges, nr_blocked (incoming:
 * nr_unmatched)} from GET_INFO on fd */
static json_object *session_json(int fd, bool incoming)
{
	struct pci_lu_info info;
	json_object *o = json_object_new_object();
	char token[32];
	bool ok = fd >= 0 && !get_info(fd, &info);

	snprintf(token, sizeof(token), "0x%llx",
		 (unsigned long long)PCI_LU_TOOL_TOKEN);
	json_object_object_add(o, "session",
			       json_object_new_string(PCI_LU_TOOL_SESSION));
	json_object_object_add(o, "token", json_object_new_string(token));
	json_object_object_add(o, "state", ok ?
		json_object_new_string(state_name(info.state)) : NULL);
	json_object_object_add(o, "nr_devices", ok ?
		json_object_new_int((int)info.nr_endpoints) : NULL);
	json_object_object_add(o, "nr_bridges", ok ?
		json_object_new_int((int)info.nr_bridges) : NULL);
	json_object_object_add(o, incoming ? "nr_unmatched" : "nr_blocked", ok ?
		json_object_new_int((int)info.nr_blocked) : NULL);
	return o;
}

/* ---- kexec ---- */

static void kexec_text(json_object *o)
{
	char d[32], b[32];

	printf("preserved %s and %s in LUO session %s; rebooting into %s\n",
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)),
	       jstr(o, "session"), jstr(o, "kernel"));
}

static void dry_run_text(json_object *o)
{
	char d[32], b[32];

	printf("would preserve %s", jcount(o, "nr_devices", "device", d,
					   sizeof(d)));
	if (strcmp(jstr(o, "nr_bridges"), "-"))
		printf(" and %s", jcount(o, "nr_bridges", "bridge", b, sizeof(b)));
	printf(" in LUO session %s, load %s", jstr(o, "session"),
	       jstr(o, "kernel"));
	if (strcmp(jstr(o, "initrd"), "-"))
		printf(" with initrd %s", jstr(o, "initrd"));
	printf(" and reboot into it\ncommand line: %s\n", jstr(o, "cmdline"));
}

static int open_file(const char *cmd, const char *file, int *fd)
{
	*fd = open(file, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return pl_errno(OP_FILE, errno, "%s: %s", cmd, file);
	return 0;
}

static long kexec_file_load(int kfd, int ifd, const char *cmdline,
			    unsigned long flags)
{
	return syscall(SYS_kexec_file_load, kfd, ifd,
		       cmdline ? strlen(cmdline) + 1 : 0, cmdline, flags);
}

/* The next command line (kexec(8) rules) and its checks; 0 or exit code. */
static int kexec_cmdline(const struct cmd_opts *o, int kfd, char *cmdline,
			 size_t n)
{
	char running[4096] = "", path[PATH_MAX];
	const char *missing;
	long max;
	int e;

	if (!o->command_line) {
		e = -attr_read(path_proc(path, sizeof(path), "cmdline"),
			       running, sizeof(running));
		if (e)
			return pl_errno(OP_FILE, e, "kexec: %s", path);
	}
	if (cmdline_compose(cmdline, n, running, o->command_line, o->append))
		return pl_usage("kexec", "the next command line is longer "
				"than %zu bytes", n - 1);
	max = bzimage_cmdline_max(kfd);
	if (max > 0 && strlen(cmdline) + 1 > (size_t)max)
		return pl_usage("kexec", "the next command line is %zu bytes; "
				"%s takes at most %ld", strlen(cmdline),
				o->kernel, max - 1);
	missing = cmdline_missing(cmdline);
	if (missing && !o->skip_cmdline_check)
		return pl_usage("kexec", "the next command line lacks %s: the "
				"next kernel would ignore the handover and "
				"reuse the memory the kept devices write to "
				"(add it with --append, or "
				"--skip-cmdline-check)", missing);
	return 0;
}

static int kexec_dry_run(const struct cmd_opts *o, const char *cmdline)
{
	struct pci_lu_info pi;
	struct set_summary sum;
	struct stat st;
	char path[PATH_MAX];
	json_object *info;

	if (set_summary(&sum))
		return devices_error("kexec");
	if (!path_dev(path, sizeof(path), "liveupdate") || stat(path, &st))
		return pl_errno(OP_OPEN_LUO, errno, "kexec: %s", path);
	if (!sum.devices)
		return pl_errno(OP_PRESERVE, ENOENT, "kexec: preserve");
	if (sum.blocked)
		return report_refusal("kexec", "preserve", OP_PRESERVE,
				      ENOLINK);
	info = session_json(-1, false);
	json_object_object_add(info, "nr_devices",
			       json_object_new_int(sum.devices));
	if (!pcilu_info(&pi)) {	/* the kernel's count of the bridges */
		json_object_object_add(info, "state",
			json_object_new_string(state_name(pi.state)));
		json_object_object_add(info, "nr_bridges",
			json_object_new_int((int)pi.nr_bridges));
	}
	add_image(info, o, cmdline);
	json_object_object_add(info, "dry_run", json_object_new_boolean(1));
	emit(info, dry_run_text);
	return EXIT_OK;
}

int cmd_kexec(int argc, char **argv, const struct cmd_opts *o)
{
	char cmdline[4096];
	struct session s;
	json_object *info;
	sigset_t set;
	int kfd = -1, ifd = -1, rc, e;

	(void)argc, (void)argv;
	if (!o->kernel)
		return pl_usage("kexec", "missing -k KERNEL");
	if (o->command_line && o->reuse_cmdline)
		return pl_usage("kexec", "--command-line and --reuse-cmdline "
				"exclude each other");
	rc = configfs_require("kexec");
	if (rc)
		return rc;
	if (open_file("kexec", o->kernel, &kfd) ||
	    (o->initrd && open_file("kexec", o->initrd, &ifd))) {
		rc = EXIT_FAIL;
		goto out;
	}
	rc = kexec_cmdline(o, kfd, cmdline, sizeof(cmdline));
	if (rc)
		goto out;
	/*
	 * A next kernel that cannot read this kernel's handover loses every
	 * LUO session, not only this one: refuse it, and one that cannot be
	 * told (unknown), before anything is preserved (--skip-image-check:
	 * the admin knows; the command line is checked all the same).
	 */
	if (!o->skip_image_check) {
		rc = image_preflight("kexec", o->kernel);
		if (rc)
			goto out;
	}
	if (o->dry_run) {
		rc = kexec_dry_run(o, cmdline);
		goto out;
	}
	rc = EXIT_FAIL;
	/* what the old kernel wrote reaches the disks before it is frozen */
	sync();
	/*
	 * From the preserve to the reboot, INT, TERM and HUP stay pending: a
	 * kill there would leave a half-done update.  On failure they are
	 * dropped with the process, which exits with its error.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (session_preserve("kexec", &s))
		goto out;
	if (kexec_file_load(kfd, ifd, cmdline,
			    ifd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0)) {
		pl_errno(OP_KEXEC_LOAD, errno, "kexec: load %s", o->kernel);
		goto unload;
	}
	info = session_json(s.dev, false);
	add_image(info, o, cmdline);
	emit(info, kexec_text);
	if (fflush(stdout))
		goto unload;	/* reported by finish_stdout */
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	/* Still here: LUO's freeze (or the reboot) refused; it unfroze. */
	report_refusal("kexec", "reboot", OP_REBOOT, errno);
unload:
	/* nothing stays loaded that a plain reboot could kexec */
	e = errno;
	kexec_file_load(-1, -1, NULL, KEXEC_FILE_UNLOAD);
	errno = e;
	session_close(&s);
out:
	if (kfd >= 0)
		close(kfd);
	if (ifd >= 0)
		close(ifd);
	return rc;
}

/* ---- preserve ---- */

static void hold_text(json_object *o)
{
	char d[32], b[32];

	printf("holding LUO session %s (state %s, %s, %s); SIGINT or SIGTERM "
	       "cancels it\n", jstr(o, "session"), jstr(o, "state"),
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)));
}

static void handoff_text(json_object *o)
{
	char d[32], b[32];

	printf("handed LUO session %s (state %s, %s, %s) to %s; it stays "
	       "preserved while that holds it\n", jstr(o, "session"),
	       jstr(o, "state"),
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)),
	       jstr(o, "handed_to"));
}

/* --send-to or --fdstore: the session fd goes on, this process ends */
static int preserve_handoff(const struct cmd_opts *o, struct session *s)
{
	char text[128], to[PATH_MAX + 8];
	json_object *info;
	int e;

	info = session_json(s->dev, false);
	if (o->fdstore) {
		snprintf(to, sizeof(to), "fdstore:%s",
			 getenv("NOTIFY_SOCKET"));
		e = handoff_fdstore(PCI_LU_TOOL_SESSION, s->sess, 10000);
	} else {
		snprintf(to, sizeof(to), "unix:%s", o->send_to);
		snprintf(text, sizeof(text), "LUO-SESSION %s 0x%llx\n",
			 PCI_LU_TOOL_SESSION,
			 (unsigned long long)PCI_LU_TOOL_TOKEN);
		e = handoff_unix(o->send_to, s->sess, text);
	}
	session_close(s);	/* the receiver's copy keeps it preserved */
	if (e) {
		json_object_put(info);
		pl_error(e == -ETIMEDOUT ? "the service manager did not take "
			 "it within 10 s (cancelled)" : strerror(-e),
			 "preserve: hand the session to %s", to);
		return EXIT_FAIL;
	}
	json_object_object_add(info, "handed_to", json_object_new_string(to));
	emit(info, handoff_text);
	return EXIT_OK;
}

int cmd_preserve(int argc, char **argv, const struct cmd_opts *o)
{
	struct session s;
	sigset_t set;
	int rc, sig;

	(void)argc, (void)argv;
	if (o->hold + !!o->send_to + o->fdstore != 1)
		return pl_usage("preserve", "one of --hold, --send-to SOCKET "
				"or --fdstore is required (the session ends "
				"when its last holder exits)");
	if (o->fdstore && !getenv("NOTIFY_SOCKET"))
		return pl_usage("preserve", "--fdstore: $NOTIFY_SOCKET is not "
				"set (not started by a service manager)");
	rc = configfs_require("preserve");
	if (rc)
		return rc;
	/* block first: a signal during setup is then taken by sigwait */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (session_preserve("preserve", &s))
		return EXIT_FAIL;
	if (!o->hold)
		return preserve_handoff(o, &s);
	emit(session_json(s.dev, false), hold_text);
	if (fflush(stdout)) {
		session_close(&s);
		return EXIT_FAIL;	/* reported by finish_stdout */
	}
	sigwait(&set, &sig);
	session_close(&s);
	if (!opt_json)
		printf("cancelled LUO session %s on %s\n", PCI_LU_TOOL_SESSION,
		       sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_OK;
}

/* ---- finish ---- */

static void finish_text(json_object *o)
{
	char d[32], b[32];
	json_object *kept;

	printf("finished LUO session %s: released %s and %s (%s did not "
	       "match)\n", jstr(o, "session"),
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)),
	       jstr(o, "nr_unmatched"));
	if (json_object_object_get_ex(o, "kept", &kept) && kept) {
		size_t i, n = json_object_array_length(kept);

		printf("kept opted in for the next update:");
		for (i = 0; i < n; i++)
			printf(" %s", json_object_get_string(
				json_object_array_get_idx(kept, i)));
		printf("%s\n", n ? "" : " nothing");
	}
}

/*
 * finish --keep: opt every endpoint that came in and matched in again
 * while the records are still held, so the set is never empty between
 * two updates (configfs takes mkdir in the incoming state).  An endpoint
 * already opted in counts as kept.  Returns the array of kept BDFs, or
 * NULL after reporting the first failure.
 */
static json_object *keep_incoming(json_object *records)
{
	json_object *kept = json_object_new_array();
	size_t i, n = json_object_array_length(records);
	char path[PATH_MAX];

	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(records, i);
		const char *bdf = jstr(r, "bdf");

		if (strcmp(jstr(r, "kind"), "endpoint") ||
		    strcmp(jstr(r, "result"), "ok"))
			continue;
		if (!path_configfs(path, sizeof(path), "devices/%s", bdf) ||
		    (mkdir(path, 0755) && errno != EEXIST)) {
			pl_errno(OP_ADD, errno, "finish --keep: opt %s in "
				 "again", bdf);
			json_object_put(kept);
			return NULL;
		}
		json_object_array_add(kept, json_object_new_string(bdf));
	}
	return kept;
}

/* No session of the tool's name: say whose set it is, if it came in. */
static int finish_not_ours(int e)
{
	struct pci_lu_info info;

	if (e == ENOENT && !pcilu_info(&info) &&
	    info.state == PCI_LU_STATE_INCOMING) {
		pl_error("the set came in through another agent's LUO "
			 "session; that agent retrieves and finishes it",
			 "finish: retrieve LUO session %s",
			 PCI_LU_TOOL_SESSION);
		return EXIT_FAIL;
	}
	return pl_errno(OP_RETRIEVE_SESSION, e, "finish: retrieve LUO session "
			"%s", PCI_LU_TOOL_SESSION);
}

int cmd_finish(int argc, char **argv, const struct cmd_opts *o)
{
	struct liveupdate_ioctl_retrieve_session rs = { .size = sizeof(rs) };
	struct liveupdate_session_retrieve_fd rf = { .size = sizeof(rf) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	struct session s = { -1, -1 };
	json_object *info, *records, *kept = NULL;
	int bad = 0, e = 0, unmatched, rc = EXIT_OK;
	char why[128];

	(void)argc, (void)argv;
	if (o->keep && configfs_require("finish"))
		return EXIT_FAIL;
	snprintf((char *)rs.name, sizeof(rs.name), "%s", PCI_LU_TOOL_SESSION);
	if (luo_ioctl("finish", LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &rs, &e))
		return EXIT_FAIL;
	if (e)
		return finish_not_ours(e);
	s.sess = rs.fd;
	rf.token = PCI_LU_TOOL_TOKEN;
	if (ioctl(s.sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf)) {
		pl_errno(OP_RETRIEVE_FD, errno, "finish: retrieve token 0x%llx",
			 (unsigned long long)PCI_LU_TOOL_TOKEN);
		goto fail;
	}
	s.dev = rf.fd;
	/* what is released, read before it goes */
	info = session_json(s.dev, true);
	records = incoming_json(&bad);
	if (o->keep) {
		kept = records ? keep_incoming(records) : NULL;
		if (!kept) {
			if (!records)
				pl_errno(OP_FILE, errno, "finish --keep: read "
					 "the incoming records");
			json_object_put(info);
			json_object_put(records);
			goto fail;	/* nothing finished: retry works */
		}
	}
	if (ioctl(s.sess, LIVEUPDATE_SESSION_FINISH, &fin)) {
		pl_errno(OP_FINISH, errno, "finish: finish LUO session %s",
			 PCI_LU_TOOL_SESSION);
		json_object_put(info);
		json_object_put(records);
		json_object_put(kept);
		goto fail;
	}
	json_object_object_add(info, "records", records);
	if (o->keep)
		json_object_object_add(info, "kept", kept);
	session_close(&s);
	/* --strict: a record that did not match fails (after finishing) */
	unmatched = records ? records_unmatched(records) :
		    atoi(jstr(info, "nr_unmatched"));
	if (o->strict && unmatched) {
		snprintf(why, sizeof(why), "%d record%s did not match the "
			 "device now at %s address (mismatch, missing or "
			 "version-mismatch)",
			 unmatched, unmatched == 1 ? "" : "s",
			 unmatched == 1 ? "its" : "their");
		rc = pl_fail(EXIT_FAIL, OP_FINISH, 0, why, "finish --strict");
	}
	emit(info, finish_text);
	return rc;
fail:
	session_close(&s);
	return EXIT_FAIL;
}
