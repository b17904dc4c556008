/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pci-lu: admin tool for PCI live update (configfs, /dev/pci-lu, LUO).
 * Declarations shared by the tool's modules; each concern has one owner:
 *   paths.c   every sysfs, configfs, /proc and /dev path (--root)
 *   bdf.c     BDF parsing and formatting
 *   errmap.c  errno -> reason table and the one error-line format
 *   attrs.c   reading configfs/sysfs attributes, device lists, incoming
 *   output.c  JSON/text output and the stdout close check
 *   main.c    command table, option parsing, help
 *   cmd_set.c add, remove, list, status, incoming (configfs, sysfs)
 *   cmd_luo.c check, kexec, preserve, finish (/dev/pci-lu, /dev/liveupdate,
 *             kexec_file_load, reboot)
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

/* Exit codes */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* ---- bdf.c ---- */
struct bdf {
	unsigned int domain, bus, dev, fn;
};
#define BDF_STRLEN 13	/* "dddd:bb:dd.f" + NUL */

/* Parse [DDDD:]BB:DD.F (hex, any case). Returns 0, or -1 with *why set. */
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
	OP_FILE,	/* any other file: strerror only */
	OP__COUNT
};
const char *op_name(enum op op);
enum op op_from_name(const char *name);	/* OP__COUNT if unknown */
/* Reason for errno e in operation op: the table entry, else strerror. */
const char *errmap_reason(enum op op, int e);
/* Print "pci-lu: <what>: <reason>" (what is printf-formatted). */
void pl_error(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, reason from the table. Returns EXIT_FAIL. */
int pl_errno(enum op op, int e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error: prints the line and a hint. Returns EXIT_USAGE. */
int pl_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- attrs.c ---- */
/* Read a small attribute file, trailing newline stripped. 0 or -errno. */
int attr_read(const char *path, char *buf, size_t n);
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
/* JSON object with sysfs identity and upstream path of a device, or NULL. */
json_object *sysfs_device_json(const char *bdf);
/* Counts of the opted-in set and its first blocked device. */
struct set_summary {
	int devices, blocked;
	char bdf[64], status[512];	/* first blocked device */
};
int set_summary(struct set_summary *s);	/* 0, or -1 with errno */

/* ---- output.c ---- */
extern bool opt_json;
/* JSON mode: print obj as one document. Text mode: call text(obj).
 * Takes ownership of obj. */
void emit(json_object *obj, void (*text)(json_object *obj));
/* Check stdout on close; returns EXIT_FAIL if writing failed. */
int finish_stdout(int rc);
/* Per-BDF result {bdf, ok, error, errno, status}; e = 0 for success. */
json_object *result_json(const char *bdf, int e, const char *reason,
			 json_object *status);
/* Text: "<bdf>: <verb> (status: ...)" for each successful result. */
void print_results(json_object *o, const char *verb);
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

/* ---- cmd_luo.c ---- */
/* GET_INFO through a fresh /dev/pci-lu descriptor: 0 or -1 with errno. */
int pcilu_info(struct pci_lu_info *info);
const char *state_name(unsigned int state);

/* ---- image.c ---- */
#define IMAGE_MAX_FORMATS	8
#define IMAGE_FORMAT_LEN	32
struct image_info {
	const char *compression;	/* "gzip", ..., "none (ELF)" */
	int nformats;
	char formats[IMAGE_MAX_FORMATS][IMAGE_FORMAT_LEN];	/* "pci-lu-vN" */
};
/* The handover formats kernel image path reads. 0, or -1 with err set to
 * why the image could not be read. */
int image_inspect(const char *path, struct image_info *info, char *err,
		  size_t n);
int image_inspect_buf(const unsigned char *img, size_t len,
		      struct image_info *info, char *err, size_t n);
bool image_reads(const struct image_info *info, const char *format);

/* ---- cmd_image.c ---- */
/* Exit code of a kernel image that cannot take this kernel's handover */
#define EXIT_INCOMPATIBLE 6
/* The preflight of kexec: 0 if KERNEL reads the format this kernel writes,
 * else prints why and returns EXIT_INCOMPATIBLE (EXIT_FAIL if unreadable). */
int image_preflight(const char *cmd, const char *kernel);

/* ---- commands ---- */
struct cmd_opts {
	const char *kernel, *initrd, *append;
	bool reuse_cmdline, hold;
};
typedef int (*cmd_fn)(int argc, char **argv, const struct cmd_opts *o);
int cmd_add(int argc, char **argv, const struct cmd_opts *o);
int cmd_remove(int argc, char **argv, const struct cmd_opts *o);
int cmd_list(int argc, char **argv, const struct cmd_opts *o);
int cmd_status(int argc, char **argv, const struct cmd_opts *o);
int cmd_incoming(int argc, char **argv, const struct cmd_opts *o);
int cmd_check(int argc, char **argv, const struct cmd_opts *o);
int cmd_kexec(int argc, char **argv, const struct cmd_opts *o);
int cmd_preserve(int argc, char **argv, const struct cmd_opts *o);
int cmd_finish(int argc, char **argv, const struct cmd_opts *o);
int cmd_image_check(int argc, char **argv, const struct cmd_opts *o);

#endif
