/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-lu: admin tool for PCI live update (configfs, /dev/pci-lu, LUO).
 * Declarations shared by the tool's modules; each concern has one owner:
 *   paths.c   every sysfs, configfs, /proc and /dev path (--root)
 *   bdf.c     BDF parsing and formatting
 *   errmap.c  errno -> reason table and the one error-line format
 *   attrs.c   reading configfs/sysfs attributes, device lists, incoming
 *   status.c  parsing a device status line (its reason code)
 *   output.c  JSON/text output and the stdout close check
 *   main.c    command table, option parsing, help
 *   cmd_set.c add, remove, list, status, incoming, abandon, check of the
 *             whole set (configfs, sysfs)
 *   cmd_apply.c apply: make the set equal to a configuration file
 *   steps.h   -v: timed open/ioctl/syscall/mkdir/rmdir (included last)
 *   cmd_luo.c check, kexec, preserve, finish (/dev/pci-lu, /dev/liveupdate,
 *             kexec_file_load, reboot)
 *   cmdline.c the next kernel's command line (kexec(8) rules, checks)
 *   handoff.c passing a session fd on (SCM_RIGHTS, systemd's fd store)
 *   image.c   which handover formats a kernel image reads (bzImage, vmlinux)
 *   cmd_image.c image-check, and the preflight that kexec runs
 *   unit.c    test driver for the host tier (not installed)
 */
#ifndef PCI_LU_TOOL_H
#define PCI_LU_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include <linux/pci_lu.h>

#define PROG "pci-lu"

/* Exit codes (pci-lu(8) EXIT STATUS); the first failure decides */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* any other failure */
	EXIT_USAGE = 2,		/* command line or configuration file */
	EXIT_UNAVAIL = 3,	/* a kernel interface pci-lu needs is missing */
	EXIT_REFUSED = 4,	/* the kernel refused the device or the set */
	EXIT_BUSY = 5,		/* a live update holds the set, or LUO is in use */
	EXIT_INCOMPATIBLE = 6,	/* a kernel image cannot take the handover */
	EXIT_UNKNOWN = 7,	/* whether it can is unknown: it could not be read */
};

/* Version of the JSON contract (pci-lu(8) JSON OUTPUT): keys are only
 * added within a version; one that changes meaning or goes bumps it. */
#define PCI_LU_JSON_SCHEMA 1

/* ---- bdf.c ---- */
struct bdf {
	unsigned int domain, bus, dev, fn;
};
#define BDF_STRLEN 17	/* "dddddddd:bb:dd.f" + NUL (domains above ffff) */

/* Parse [DDDD:]BB:DD.F (hex, any case; the domain has up to 8 digits).
 * Returns 0, or -1 with *why set. */
int bdf_parse(const char *s, struct bdf *out, const char **why);
void bdf_format(const struct bdf *b, char out[BDF_STRLEN]);
/* Canonical forms of all arguments in a new array (free it); on the
 * first bad one print a usage error and return EXIT_USAGE. */
int bdf_parse_args(const char *cmd, int argc, char **argv,
		   char (**out)[BDF_STRLEN]);

/* ---- paths.c ---- */
void path_set_root(const char *root);	/* NULL or "" = "/" */
enum path_base {
	P_CONFIGFS,		/* /sys/kernel/config/pci-lu */
	P_CONFIGFS_MOUNT,	/* /sys/kernel/config */
	P_SYSFS_PCI,		/* /sys/bus/pci/devices */
	P_DEV,			/* /dev */
	P_PROC,			/* /proc */
	P_CONF,			/* /etc/pci-lu.conf (apply's default) */
};
/* The base as the running system names it, without the root. */
const char *path_system(enum path_base base);
/* ROOT + base + "/" + fmt (or just ROOT + base when fmt is NULL).
 * Returns buf, or NULL with errno ENAMETOOLONG if it does not fit. */
char *path_of(char *buf, size_t n, enum path_base base, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define path_configfs(buf, n, ...) path_of(buf, n, P_CONFIGFS, __VA_ARGS__)
#define path_sysfs_pci(buf, n, ...) path_of(buf, n, P_SYSFS_PCI, __VA_ARGS__)
#define path_dev(buf, n, name) path_of(buf, n, P_DEV, "%s", name)
#define path_proc(buf, n, name) path_of(buf, n, P_PROC, "%s", name)

/* ---- errmap.c ---- */
enum op {
	OP_ANY,		/* wildcard in the table */
	OP_CONFIGFS,	/* finding /sys/kernel/config/pci-lu */
	OP_ADD,		/* mkdir devices/<bdf> */
	OP_REMOVE,	/* rmdir devices/<bdf> */
	OP_OPEN_PCI_LU,	/* open /dev/pci-lu */
	OP_CHECK,	/* PCI_LU_IOCTL_CHECK */
	OP_GET_INFO,	/* PCI_LU_IOCTL_GET_INFO */
	OP_OPEN_LUO,	/* open /dev/liveupdate */
	OP_CREATE_SESSION,
	OP_PRESERVE,
	OP_KEXEC_LOAD,
	OP_REBOOT,
	OP_RETRIEVE_SESSION,
	OP_RETRIEVE_FD,
	OP_FINISH,
	OP_ABANDON,	/* write 1 to abandon */
	OP_FILE,	/* any other file: strerror only */
	OP__COUNT
};
const char *op_name(enum op op);
enum op op_from_name(const char *name);	/* OP__COUNT if unknown */
/* Reason for errno e in operation op: the table entry, else strerror. */
const char *errmap_reason(enum op op, int e);
/* Exit code (EXIT_*) of errno e in operation op. */
int errmap_exit(enum op op, int e);
/* Print "pci-lu: <what>: <reason>" (what is printf-formatted); the failure
 * counts as EXIT_FAIL without an errno. */
void pl_error(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, reason from the table. Returns errmap_exit(op, e). */
int pl_errno(enum op op, int e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same with an explicit reason (NULL: the table's); returns code, or
 * errmap_exit(op, e) when code is 0. */
int pl_fail(int code, enum op op, int e, const char *reason,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A usage error: prints the line and a hint. Returns EXIT_USAGE. */
int pl_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Every failure printed is recorded: the first decides the exit code and
 * is the document's "error"; the last is a per-device result's. */
struct pl_err {
	bool set;
	int err;		/* errno, 0 if none */
	int exit;		/* EXIT_* */
	char what[1024], reason[1024];
};
const struct pl_err *pl_first_error(void);
const struct pl_err *pl_last_error(void);
void pl_reset_errors(void);

/* ---- status.c ---- */
/* A device status line (configfs status, PCI_LU_IOCTL_CHECK): "ok",
 * "blocked: <code>: <bdf> <why>", or from a kernel without reason codes
 * "blocked: <bdf> <why>". */
enum status_kind {
	STATUS_NONE,		/* no status (NULL) */
	STATUS_OK,
	STATUS_BLOCKED,		/* anything but "ok" */
};
struct status_line {
	enum status_kind kind;
	char code[32];		/* reason code, "" if none (ok, old kernel) */
	const char *detail;	/* into the line: "<bdf> <why>", "" if ok */
};
void status_parse(const char *line, struct status_line *st);
/* The reason code of line as a JSON string, or NULL (JSON null). */
json_object *status_code_json(const char *line);
/* For people: "ok", "blocked (<code>): <bdf> <why>", or line as it is
 * when it has no code ("-" for NULL). Returns buf. */

/* ---- attrs.c ---- */
/* Read a small attribute file, trailing newline stripped. 0 or -errno. */
int attr_read(const char *path, char *buf, size_t n);
/* Write val to an attribute in one write(). 0, or -1 with errno. */
int attr_write(const char *path, const char *val);
/* Verify the configfs directory exists; prints the error (as cmd). */
int configfs_require(const char *cmd);
/* Report a failure (errno) to read configfs devices/; EXIT_FAIL. */
int devices_error(const char *cmd);
/* JSON object for one opted-in device (configfs), or NULL if absent. */
json_object *device_json(const char *bdf);
/* Array of device_json for every opted-in device, sorted; NULL + errno. */
json_object *device_list_json(void);
/* Array of parsed "incoming" records; NULL + errno (EBADMSG: malformed,
 * *bad_line set to the 1-based line). */
json_object *incoming_json(int *bad_line);
/* Live Bus Master Enable from the device's sysfs config space: 0, 1, or
 * -1 if it cannot be read. */
int sysfs_bus_master(const char *bdf);
/* JSON object with sysfs identity and upstream path of a device, or NULL. */
json_object *sysfs_device_json(const char *bdf);
/* Counts of the opted-in set and its first blocked device. */
struct set_summary {
	int devices, blocked;
	char bdf[64], status[512];	/* first blocked device */
};
int set_summary(struct set_summary *s);	/* 0, or -1 with errno */
/* Records of an incoming array whose result is not "ok". */
int records_unmatched(json_object *records);

/* ---- output.c ---- */
extern bool opt_json, opt_verbose;
extern const char *cmd_name;	/* the running command, for "command" */
/* JSON mode: print obj as one document, with "schema", "command" and
 * "error" (the first failure so far, or null) added. Text mode: call
 * text(obj). Takes ownership of obj. */
void emit(json_object *obj, void (*text)(json_object *obj));
/* The error object {what, reason, errno, exit, message} of e, or null. */
json_object *error_json(const struct pl_err *e);
/* End of a command: the exit code (a failure's class from the first error),
 * under -j an error document when the failure is not in one printed yet,
 * and the stdout close check (EXIT_FAIL if writing failed). */
int finish_stdout(int rc);
/* Per-BDF result {bdf, ok, error, status}; e = 0 for success, else the
 * error object is the last failure printed (reason as a fallback). */
json_object *result_json(const char *bdf, int e, const char *reason,
			 json_object *status);
/* -v: seconds on a monotonic clock, and "pci-lu: step: <verb> <arg>:
 * ok|<errno name>, <ms> ms" on stderr. */
double step_clock(void);
void step_report(const char *verb, const char *arg, double t0, long rc,
		 int e);
/* Text: "<bdf>: <verb> (status: ...)" for each successful result. */
void print_results(json_object *o, const char *verb,
		   void (*after)(json_object *r));
/* Text: a note under a device whose status is "ok" while its live Bus
 * Master Enable (0, 1, -1 unknown) is off: accepted, nothing to keep. */
void print_bus_master_note(const char *status, int bus_master);
/* Text table of the array o[key]; empty is printed when it has no rows. */
struct column {
	const char *header, *key;
	int width;	/* 0 for the last column */
};
void print_table(json_object *o, const char *key, const struct column *cols,
		 const char *empty);
/* Helpers for text printers. */
const char *jstr(json_object *o, const char *key);	/* "-" if null */
/* "1 device", "3 devices" ("- devices" if null) into buf */
const char *jcount(json_object *o, const char *key, const char *noun,
		   char *buf, size_t n);
json_object *jint_or_null(const char *s);	/* "0"/"1" -> int, else null */

/* ---- cmd_set.c ---- */
/* mkdir (OP_ADD) or rmdir (OP_REMOVE) devices/<bdf>, idempotently; a
 * failure is printed. The result_json() with "changed". */
json_object *set_change(enum op op, const char *cmd, const char *bdf);

/* ---- cmd_luo.c ---- */
/* One device's PCI_LU_IOCTL_CHECK outcome: errno e (0: success) and the
 * kernel's status ("" if it gave none). Prints a failure (the status with
 * its reason code as the reason); returns the result_json(). */
json_object *check_result(const char *bdf, int e, const char *status);
/* Text of check's {"results"}: each device that can be preserved, with a
 * note when its live Bus Master Enable (sysfs config) is off. */
void check_results_text(json_object *o);
/* GET_INFO through a fresh /dev/pci-lu descriptor: 0 or -1 with errno. */
int pcilu_info(struct pci_lu_info *info);
const char *state_name(unsigned int state);

/* ---- cmdline.c ---- */
/* The next kernel's command line, as kexec(8) builds it: replace (if not
 * NULL) or the running kernel's line without BOOT_IMAGE=, then append.
 * 0, or -ENAMETOOLONG if it does not fit in out. */
int cmdline_compose(char *out, size_t n, const char *running,
		    const char *replace, const char *append);
/* What of "kho=on liveupdate=on" the line lacks (as the next kernel parses
 * it), or NULL if it has both. */
const char *cmdline_missing(const char *cmdline);
/* Longest command line (with its NUL) the bzImage on fd takes, or -1 if fd
 * is no bzImage. */
long bzimage_cmdline_max(int fd);

/* ---- handoff.c ---- */
/* Connect to the UNIX stream socket path ('@' = abstract) and send text
 * with fd (SCM_RIGHTS). 0 or -errno. */
int handoff_unix(const char *path, int fd, const char *text);
/* Push fd into the service manager's fd store as name ($NOTIFY_SOCKET,
 * FDSTORE=1), then wait up to timeout_ms for it to take it (BARRIER=1).
 * 0 or -errno (-ENOTCONN: no $NOTIFY_SOCKET). */
int handoff_fdstore(const char *name, int fd, int timeout_ms);

/* ---- cmd_luo.c: the tool's own LUO session (a tool policy, not ABI) ---- */
#define PCI_LU_TOOL_SESSION	"pci-lu"
#define PCI_LU_TOOL_TOKEN	0x70636c75ULL	/* "pclu" */

/* ---- image.c ---- */
#define IMAGE_MAX_FORMATS	8
#define IMAGE_FORMAT_LEN	32
/* what a live update hands over: each names its format in the image */
enum { IMAGE_PCI_LU, IMAGE_LUO, IMAGE_KHO, IMAGE_MEMFD, IMAGE_NFAMILIES };
extern const char *const image_family_prefix[IMAGE_NFAMILIES];
extern const char *const image_family_name[IMAGE_NFAMILIES];
struct image_family {
	int n;
	char v[IMAGE_MAX_FORMATS][IMAGE_FORMAT_LEN];	/* "luo-v5" */
};
struct image_info {
	const char *container;		/* "bzImage", "unified kernel image", "ELF vmlinux" */
	const char *compression;	/* "gzip", ..., "none" */
	struct image_family fam[IMAGE_NFAMILIES];
};
/* The handover formats kernel image path reads. 0; -1 with err set to why
 * the file is not readable as a kernel image (its verdict is "unknown");
 * -2 with err set if the file cannot be read at all (an error). */
int image_inspect(const char *path, struct image_info *info, char *err,
		  size_t n);
int image_inspect_buf(const unsigned char *img, size_t len,
		      struct image_info *info, char *err, size_t n);
bool image_reads(const struct image_info *info, int fam, const char *format);

/* ---- cmd_image.c ---- */
/* The preflight of kexec: 0 if KERNEL reads what this kernel hands over,
 * else prints why and returns EXIT_INCOMPATIBLE, EXIT_UNKNOWN (the image
 * could not be read that far) or EXIT_FAIL (the file cannot be read). */
int image_preflight(const char *cmd, const char *kernel);

/* ---- commands ---- */
struct cmd_opts {
	const char *kernel, *initrd, *append, *command_line, *send_to;
	bool reuse_cmdline, hold, strict, dry_run, fdstore, keep, yes;
	bool skip_image_check, skip_cmdline_check;
};
typedef int (*cmd_fn)(int argc, char **argv, const struct cmd_opts *o);
int cmd_add(int argc, char **argv, const struct cmd_opts *o);
int cmd_remove(int argc, char **argv, const struct cmd_opts *o);
int cmd_list(int argc, char **argv, const struct cmd_opts *o);
int cmd_status(int argc, char **argv, const struct cmd_opts *o);
int cmd_incoming(int argc, char **argv, const struct cmd_opts *o);
int cmd_check(int argc, char **argv, const struct cmd_opts *o);
int cmd_check_set(int argc, char **argv, const struct cmd_opts *o);
int cmd_apply(int argc, char **argv, const struct cmd_opts *o);
int cmd_kexec(int argc, char **argv, const struct cmd_opts *o);
int cmd_preserve(int argc, char **argv, const struct cmd_opts *o);
int cmd_finish(int argc, char **argv, const struct cmd_opts *o);
int cmd_abandon(int argc, char **argv, const struct cmd_opts *o);
int cmd_image_check(int argc, char **argv, const struct cmd_opts *o);

#endif
