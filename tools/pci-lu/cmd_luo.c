// SPDX-License-Identifier: GPL-2.0
/*
 * Commands that talk to the kernel through /dev/pci-lu and /dev/liveupdate:
 * check, kexec, preserve --hold, finish.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

static void check_text(json_object *o)
{
	print_results(o, "can be preserved");
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
		why = c.status[0] ? c.status : e ? errmap_reason(OP_CHECK, e)
						 : "ok";
		if (e) {
			pl_fail(0, OP_CHECK, e, why, "check %s", bdfs[i]);
			failed = 1;
		}
		json_object_array_add(res, result_json(bdfs[i], e, why,
			c.status[0] ? json_object_new_string(c.status) :
			e ? NULL : json_object_new_string("ok")));
	}
	close(fd);
	free(bdfs);
	o = json_object_new_object();
	json_object_object_add(o, "results", res);
	emit(o, check_text);
	return failed ? EXIT_FAIL : EXIT_OK;
}

/* ---- LUO session ---- */

struct session {
	int luo, sess, dev;	/* /dev/liveupdate, session, /dev/pci-lu */
};

/* Closing the session fd cancels a preserved session (LUO unpreserves). */
static void session_close(struct session *s)
{
	if (s->dev >= 0)
		close(s->dev);
	if (s->sess >= 0)
		close(s->sess);
	if (s->luo >= 0)
		close(s->luo);
	s->dev = s->sess = s->luo = -1;
}

/*
 * A refusal: for ENOLINK (an item is blocked) the first blocked device's
 * configfs status is the reason; otherwise the errno's.
 */
static int report_refusal(const char *cmd, const char *step, enum op op,
			  int e)
{
	struct set_summary sum;
	char reason[700];

	if (e != ENOLINK || set_summary(&sum) || !sum.blocked)
		return pl_errno(op, e, "%s: %s", cmd, step);
	snprintf(reason, sizeof(reason), "%s: %s%s", sum.bdf, sum.status,
		 sum.blocked > 1 ? " (and more blocked devices: see 'pci-lu "
		 "list')" : "");
	return pl_fail(0, op, e, reason, "%s: %s refused", cmd, step);
}

static int session_preserve(const char *cmd, struct session *s)
{
	struct liveupdate_ioctl_create_session cs = { .size = sizeof(cs) };
	struct liveupdate_session_preserve_fd pf = { .size = sizeof(pf) };

	s->luo = s->sess = s->dev = -1;
	if (open_node(cmd, "liveupdate", OP_OPEN_LUO, &s->luo))
		goto fail;
	snprintf((char *)cs.name, sizeof(cs.name), "%s", PCI_LU_SESSION_NAME);
	if (ioctl(s->luo, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs)) {
		pl_errno(OP_CREATE_SESSION, errno, "%s: create LUO session %s",
			 cmd, PCI_LU_SESSION_NAME);
		goto fail;
	}
	s->sess = cs.fd;
	if (open_node(cmd, PCI_LU_DEVICE_NAME, OP_OPEN_PCI_LU, &s->dev))
		goto fail;
	pf.fd = s->dev;
	pf.token = PCI_LU_SESSION_TOKEN;
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
		 (unsigned long long)PCI_LU_SESSION_TOKEN);
	json_object_object_add(o, "session",
			       json_object_new_string(PCI_LU_SESSION_NAME));
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

int cmd_kexec(int argc, char **argv, const struct cmd_opts *o)
{
	char cmdline[4096] = "", path[PATH_MAX];
	struct session s;
	json_object *info;
	int kfd = -1, ifd = -1, rc, e;

	(void)argc, (void)argv;
	if (!o->kernel)
		return pl_usage("kexec", "missing -k KERNEL");
	if (o->append && o->reuse_cmdline)
		return pl_usage("kexec", "--append and --reuse-cmdline "
				"exclude each other");
	rc = configfs_require("kexec");
	if (rc)
		return rc;
	if (open_file("kexec", o->kernel, &kfd) ||
	    (o->initrd && open_file("kexec", o->initrd, &ifd)))
		goto fail;
	if (o->append) {
		snprintf(cmdline, sizeof(cmdline), "%s", o->append);
	} else if (o->reuse_cmdline) {
		e = -attr_read(path_proc(path, sizeof(path), "cmdline"),
			       cmdline, sizeof(cmdline));
		if (e) {
			pl_errno(OP_FILE, e, "kexec: %s", path);
			goto fail;
		}
	}
	if (session_preserve("kexec", &s))
		goto fail;
	if (kexec_file_load(kfd, ifd, cmdline,
			    ifd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0)) {
		pl_errno(OP_KEXEC_LOAD, errno, "kexec: load %s", o->kernel);
		session_close(&s);
		goto fail;
	}
	info = session_json(s.dev, false);
	json_object_object_add(info, "kernel",
			       json_object_new_string(o->kernel));
	json_object_object_add(info, "initrd", o->initrd ?
			       json_object_new_string(o->initrd) : NULL);
	json_object_object_add(info, "cmdline",
			       json_object_new_string(cmdline));
	emit(info, kexec_text);
	fflush(stdout);
	sync();
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	/* Still here: LUO's freeze (or the reboot) refused; it unfroze. */
	e = errno;
	kexec_file_load(-1, -1, NULL, KEXEC_FILE_UNLOAD);
	report_refusal("kexec", "reboot", OP_REBOOT, e);
	session_close(&s);
fail:
	if (kfd >= 0)
		close(kfd);
	if (ifd >= 0)
		close(ifd);
	return EXIT_FAIL;
}

/* ---- preserve --hold ---- */

static void hold_text(json_object *o)
{
	char d[32], b[32];

	printf("holding LUO session %s (state %s, %s, %s); SIGINT or SIGTERM "
	       "cancels it\n", jstr(o, "session"), jstr(o, "state"),
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)));
}

int cmd_preserve(int argc, char **argv, const struct cmd_opts *o)
{
	struct session s;
	sigset_t set;
	int rc, sig;

	(void)argc, (void)argv;
	if (!o->hold)
		return pl_usage("preserve", "--hold is required (the session "
				"ends when pci-lu exits)");
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
	emit(session_json(s.dev, false), hold_text);
	if (fflush(stdout)) {
		session_close(&s);
		return EXIT_FAIL;	/* reported by finish_stdout */
	}
	sigwait(&set, &sig);
	session_close(&s);
	if (!opt_json)
		printf("cancelled LUO session %s on %s\n", PCI_LU_SESSION_NAME,
		       sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_OK;
}

/* ---- finish ---- */

static void finish_text(json_object *o)
{
	char d[32], b[32];

	printf("finished LUO session %s: released %s and %s (%s did not "
	       "match)\n", jstr(o, "session"),
	       jcount(o, "nr_devices", "device", d, sizeof(d)),
	       jcount(o, "nr_bridges", "bridge", b, sizeof(b)),
	       jstr(o, "nr_unmatched"));
}

int cmd_finish(int argc, char **argv, const struct cmd_opts *o)
{
	struct liveupdate_ioctl_retrieve_session rs = { .size = sizeof(rs) };
	struct liveupdate_session_retrieve_fd rf = { .size = sizeof(rf) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	struct session s = { -1, -1, -1 };
	json_object *info, *records;
	int bad = 0, unmatched, rc = EXIT_OK;
	char why[128];

	(void)argc, (void)argv;
	if (open_node("finish", "liveupdate", OP_OPEN_LUO, &s.luo))
		return EXIT_FAIL;
	snprintf((char *)rs.name, sizeof(rs.name), "%s", PCI_LU_SESSION_NAME);
	if (ioctl(s.luo, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &rs)) {
		pl_errno(OP_RETRIEVE_SESSION, errno,
			 "finish: retrieve LUO session %s", PCI_LU_SESSION_NAME);
		goto fail;
	}
	s.sess = rs.fd;
	rf.token = PCI_LU_SESSION_TOKEN;
	if (ioctl(s.sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf)) {
		pl_errno(OP_RETRIEVE_FD, errno, "finish: retrieve token 0x%llx",
			 (unsigned long long)PCI_LU_SESSION_TOKEN);
		goto fail;
	}
	s.dev = rf.fd;
	/* what is released, read before it goes */
	info = session_json(s.dev, true);
	records = incoming_json(&bad);
	if (ioctl(s.sess, LIVEUPDATE_SESSION_FINISH, &fin)) {
		pl_errno(OP_FINISH, errno, "finish: finish LUO session %s",
			 PCI_LU_SESSION_NAME);
		json_object_put(info);
		json_object_put(records);
		goto fail;
	}
	json_object_object_add(info, "records", records);
	session_close(&s);
	/* --strict: a record that did not match fails (after finishing) */
	unmatched = records ? records_unmatched(records) :
		    atoi(jstr(info, "nr_unmatched"));
	if (o->strict && unmatched) {
		snprintf(why, sizeof(why), "%d record%s did not match the "
			 "device now at %s address (mismatch or missing)",
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
