// SPDX-License-Identifier: GPL-2.0
/*
 * Commands on the opted-in set in configfs: add, remove, list, status,
 * incoming, and check of the whole set.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pci-lu.h"
#include "steps.h"

static void add_text(json_object *o)
{
	print_results(o, "opted in", NULL);
}

static void remove_text(json_object *o)
{
	print_results(o, "opted out", NULL);
}

json_object *set_change(enum op op, const char *cmd, const char *bdf)
{
	json_object *d, *status = NULL, *r;
	char path[PATH_MAX];
	bool changed = true;
	int e = 0;

	if (!path_configfs(path, sizeof(path), "devices/%s", bdf))
		e = errno;
	else if (op == OP_ADD ? mkdir(path, 0755) : rmdir(path))
		e = errno;
	/* idempotent: the device is already in (or out of) the set */
	if ((op == OP_ADD && e == EEXIST) || (op == OP_REMOVE && e == ENOENT))
		e = 0, changed = false;
	if (e)
		pl_errno(op, e, "%s %s", cmd, bdf);
	if (!e && op == OP_ADD) {
		d = device_json(bdf);
		if (d && json_object_object_get_ex(d, "status", &status))
			json_object_get(status);
		json_object_put(d);
	}
	r = result_json(bdf, e, e ? errmap_reason(op, e) : NULL, status);
	json_object_object_add(r, "changed", json_object_new_boolean(
		!e && changed));
	return r;
}

/* add and remove: mkdir or rmdir each devices/<bdf>, report each. */
static int change_set(const char *cmd, enum op op, int argc, char **argv)
{
	char (*bdfs)[BDF_STRLEN];
	json_object *res, *o, *r, *ok;
	int i, rc, failed = 0;

	rc = bdf_parse_args(cmd, argc, argv, &bdfs);
	if (rc)
		return rc;
	rc = configfs_require(cmd);
	if (rc) {
		free(bdfs);
		return rc;
	}
	res = json_object_new_array();
	for (i = 0; i < argc; i++) {
		r = set_change(op, cmd, bdfs[i]);
		json_object_object_get_ex(r, "ok", &ok);
		failed |= !json_object_get_boolean(ok);
		json_object_array_add(res, r);
	}
	free(bdfs);
	o = json_object_new_object();
	json_object_object_add(o, "results", res);
	emit(o, op == OP_ADD ? add_text : remove_text);
	return failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_add(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return change_set("add", OP_ADD, argc, argv);
}

int cmd_remove(int argc, char **argv, const struct cmd_opts *o)
{
	(void)o;
	return change_set("remove", OP_REMOVE, argc, argv);
}

static void list_text(json_object *o)
{
	static const struct column cols[] = {
		{ "BDF", "bdf", 12 }, { "BM", "bus_master", 2 },
		{ "SAVED", "saved_bus_master", 5 }, { "PATH", "path", 32 },
		{ "STATUS", "status", 0 }, { 0 }
	};

	print_table(o, "devices", cols, "no device is opted in");
}

int cmd_list(int argc, char **argv, const struct cmd_opts *opts)
{
	json_object *arr, *o;
	int rc;

	(void)argc, (void)argv, (void)opts;
	rc = configfs_require("list");
	if (rc)
		return rc;
	arr = device_list_json();
	if (!arr)
		return devices_error("list");
	o = json_object_new_object();
	json_object_object_add(o, "devices", arr);
	emit(o, list_text);
	return EXIT_OK;
}

static json_object *cfs_attr(const char *name)
{
	char path[PATH_MAX], val[256];

	if (attr_read(path_configfs(path, sizeof(path), "%s", name), val,
		      sizeof(val)))
		return NULL;
	return json_object_new_string(val);
}

/* A failure of incoming_json() with errno e (bad: the malformed line). */
static int incoming_error(const char *cmd, int e, int bad)
{
	char path[PATH_MAX];

	if (!path_configfs(path, sizeof(path), "incoming"))
		return pl_errno(OP_CONFIGFS, errno, "%s", cmd);
	if (e == EBADMSG)
		return pl_fail(EXIT_FAIL, OP_FILE, e, "malformed record",
			       "%s: %s: line %d", cmd, path, bad);
	return pl_errno(OP_FILE, e, "%s: %s", cmd, path);
}

static void status_text(json_object *o)
{
	char r[32];

	printf("format:    %s\n", jstr(o, "format"));
	printf("state:     %s\n", jstr(o, "state"));
	printf("devices:   %s opted in, %s blocked\n", jstr(o, "nr_devices"),
	       jstr(o, "nr_blocked"));
	printf("bridges:   %s\n", jstr(o, "nr_bridges"));
	printf("incoming:  %s", jcount(o, "nr_records", "record", r,
					 sizeof(r)));
	if (json_object_get_int(json_object_object_get(o, "nr_records")) > 0 &&
	    json_object_object_get(o, "incoming_format"))
		printf(" (%s)", jstr(o, "incoming_format"));
	printf("\n");
}

static void device_text(json_object *o)
{
	static const char *const keys[][2] = {
		{ "bdf", "device" }, { "opted_in", "opted in" },
		{ "status", "status" }, { "reason_code", "reason code" },
		{ "bus_master", "bus master" },
		{ "saved_bus_master", "saved bus master" },
		{ "path", "path" }, { "vendor", "vendor" },
		{ "device", "device id" }, { "class", "class" },
		{ "bridge", "bridge" }, { "virtfn", "virtual function" },
	};

	json_object *v;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *val = jstr(o, keys[i][0]);

		if (json_object_object_get_ex(o, keys[i][0], &v) &&
		    json_object_is_type(v, json_type_boolean))
			val = json_object_get_boolean(v) ? "yes" : "no";
		printf("%-17s %s\n", keys[i][1], val);
	}
	print_bus_master_note(jstr(o, "status"), json_object_object_get_ex(
		o, "bus_master", &v) && v ? json_object_get_int(v) : -1);
}

static int status_device(const char *arg)
{
	char (*bdf)[BDF_STRLEN];
	json_object *cfs, *sys, *o, *v;
	int rc = bdf_parse_args("status", 1, (char **)&arg, &bdf);

	if (rc)
		return rc;
	rc = configfs_require("status");
	if (rc) {
		free(bdf);
		return rc;
	}
	cfs = device_json(*bdf);
	sys = sysfs_device_json(*bdf);
	if (!cfs && !sys) {
		pl_errno(OP_ADD, ENODEV, "status %s", *bdf);
		free(bdf);
		return EXIT_FAIL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "bdf", json_object_new_string(*bdf));
	json_object_object_add(o, "opted_in", json_object_new_boolean(!!cfs));
	for (const char *const *k = (const char *const[]){ "status",
	     "reason_code", "blocked", "bus_master", "saved_bus_master",
	     NULL }; *k; k++)
		json_object_object_add(o, *k, cfs &&
			json_object_object_get_ex(cfs, *k, &v) ?
			json_object_get(v) : NULL);
	/* path from configfs when opted in, else derived from sysfs */
	if (!(cfs && json_object_object_get_ex(cfs, "path", &v) && v))
		v = sys && json_object_object_get_ex(sys, "path", &v) ? v
								      : NULL;
	json_object_object_add(o, "path", json_object_get(v));
	for (const char *const *k = (const char *const[]){ "vendor", "device",
	     "class", "bridge", "virtfn", NULL }; *k; k++)
		json_object_object_add(o, *k, sys &&
			json_object_object_get_ex(sys, *k, &v) ?
			json_object_get(v) : NULL);
	json_object_put(cfs);
	json_object_put(sys);
	free(bdf);
	emit(o, device_text);
	return EXIT_OK;
}

int cmd_status(int argc, char **argv, const struct cmd_opts *opts)
{
	struct pci_lu_info info = { .size = sizeof(info) };
	struct set_summary sum;
	json_object *o, *inc, *fmt;
	int rc, bad = 0, e;

	(void)opts;
	if (argc)
		return status_device(argv[0]);
	rc = configfs_require("status");
	if (rc)
		return rc;
	if (set_summary(&sum))
		return devices_error("status");
	inc = incoming_json(&bad);
	e = errno;
	/* no incoming file (an older kernel): null; unreadable: a failure */
	rc = EXIT_OK;
	if (!inc && e != ENOENT)
		rc = incoming_error("status", e, bad);
	o = json_object_new_object();
	json_object_object_add(o, "format", cfs_attr("version"));
	json_object_object_add(o, "state", cfs_attr("state"));
	json_object_object_add(o, "nr_devices",
			       json_object_new_int(sum.devices));
	json_object_object_add(o, "nr_blocked",
			       json_object_new_int(sum.blocked));
	/* bridge count only the kernel knows; null without /dev/pci-lu */
	json_object_object_add(o, "nr_bridges", pcilu_info(&info) ? NULL :
			       json_object_new_int((int)info.nr_bridges));
	json_object_object_add(o, "nr_records", inc ?
		json_object_new_int((int)json_object_array_length(inc)) : NULL);
	/* the incoming record's format; null if none (or an older kernel) */
	fmt = cfs_attr("incoming_version");
	if (fmt && !json_object_get_string_len(fmt)) {
		json_object_put(fmt);
		fmt = NULL;
	}
	json_object_object_add(o, "incoming_format", fmt);
	json_object_put(inc);
	emit(o, status_text);
	return rc;
}

static void incoming_text(json_object *o)
{
	static const struct column cols[] = {
		{ "BDF", "bdf", 12 }, { "KIND", "kind", 8 },
		{ "SAVED", "saved_bus_master", 5 }, { "BM", "bus_master", 2 },
		{ "RESULT", "result", 8 }, { "REASON", "reason", 0 }, { 0 }
	};

	print_table(o, "records", cols, "no records were handed over");
}

int cmd_incoming(int argc, char **argv, const struct cmd_opts *opts)
{
	json_object *arr, *o;
	int rc, bad = 0;

	(void)argc, (void)argv, (void)opts;
	rc = configfs_require("incoming");
	if (rc)
		return rc;
	arr = incoming_json(&bad);
	if (!arr)
		return incoming_error("incoming", errno, bad);
	o = json_object_new_object();
	json_object_object_add(o, "records", arr);
	emit(o, incoming_text);
	return EXIT_OK;
}

static void abandon_text(json_object *o)
{
	char r[32];

	printf("abandoned the handover: %s released unfinished, no longer "
	       "protected\n", jcount(o, "nr_records", "record", r, sizeof(r)));
}

/*
 * abandon --yes: write 1 to the configfs abandon attribute.  The records
 * are read first, for the report: after it the kernel shows none.
 */
int cmd_abandon(int argc, char **argv, const struct cmd_opts *opts)
{
	char path[PATH_MAX];
	json_object *arr, *o;
	int rc, bad = 0;

	(void)argc, (void)argv;
	if (!opts->yes)
		return pl_usage("abandon", "abandon drops the protection of "
				"every handed-over device: confirm with --yes");
	rc = configfs_require("abandon");
	if (rc)
		return rc;
	arr = incoming_json(&bad);
	if (!arr)
		return incoming_error("abandon", errno, bad);
	if (!path_configfs(path, sizeof(path), "abandon")) {
		json_object_put(arr);
		return pl_errno(OP_CONFIGFS, errno, "abandon");
	}
	/* ENOENT from the write is the kernel's "nothing to abandon" */
	if (access(path, F_OK)) {
		json_object_put(arr);
		return pl_fail(errno == ENOENT ? EXIT_UNAVAIL : 0, OP_FILE,
			       errno, errno == ENOENT ? "this kernel's pci-lu "
			       "has no abandon attribute" : NULL,
			       "abandon: %s", path);
	}
	if (attr_write(path, "1\n")) {
		json_object_put(arr);
		return pl_errno(OP_ABANDON, errno, "abandon: %s", path);
	}
	o = json_object_new_object();
	json_object_object_add(o, "nr_records",
		json_object_new_int((int)json_object_array_length(arr)));
	json_object_object_add(o, "records", arr);
	emit(o, abandon_text);
	return EXIT_OK;
}

static void check_empty_text(json_object *o)
{
	(void)o;
	printf("no device is opted in\n");
}

/* check without an argument: every opted-in device */
int cmd_check_set(int argc, char **argv, const struct cmd_opts *opts)
{
	json_object *arr, *o;
	char **bdfs;
	size_t i, n;
	int rc;

	if (argc)
		return cmd_check(argc, argv, opts);
	rc = configfs_require("check");
	if (rc)
		return rc;
	arr = device_list_json();
	if (!arr)
		return devices_error("check");
	n = json_object_array_length(arr);
	if (!n) {
		json_object_put(arr);
		o = json_object_new_object();
		json_object_object_add(o, "results", json_object_new_array());
		emit(o, check_empty_text);
		return EXIT_OK;
	}
	bdfs = calloc(n, sizeof(*bdfs));
	if (!bdfs)
		abort();
	for (i = 0; i < n; i++)
		bdfs[i] = (char *)jstr(json_object_array_get_idx(arr, i), "bdf");
	rc = cmd_check((int)n, bdfs, opts);
	free(bdfs);
	json_object_put(arr);
	return rc;
}
