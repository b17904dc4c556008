// SPDX-License-Identifier: GPL-2.0
/*
 * Commands on the opted-in set in configfs: add, remove, list, status,
 * incoming.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pci-lu.h"

static void add_text(json_object *o)
{
	print_results(o, "opted in");
}

static void remove_text(json_object *o)
{
	print_results(o, "opted out");
}

/* add and remove: mkdir or rmdir each devices/<bdf>, report each. */
static int change_set(const char *cmd, enum op op, int argc, char **argv)
{
	char (*bdfs)[BDF_STRLEN], path[PATH_MAX];
	json_object *res, *o;
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
		json_object *status = NULL;
		int e = 0;

		if (!path_configfs(path, sizeof(path), "devices/%s", bdfs[i]))
			e = errno;
		else if (op == OP_ADD ? mkdir(path, 0755) : rmdir(path))
			e = errno;
		if (e) {
			pl_errno(op, e, "%s %s", cmd, bdfs[i]);
			failed = 1;
		} else if (op == OP_ADD) {
			json_object *d = device_json(bdfs[i]);

			if (d && json_object_object_get_ex(d, "status",
							   &status))
				json_object_get(status);
			json_object_put(d);
		}
		json_object_array_add(res, result_json(bdfs[i], e,
					e ? errmap_reason(op, e) : NULL,
					status));
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

static void status_text(json_object *o)
{
	char r[32];

	printf("version:   %s\n", jstr(o, "version"));
	printf("state:     %s\n", jstr(o, "state"));
	printf("devices:   %s opted in, %s blocked\n", jstr(o, "devices"),
	       jstr(o, "blocked"));
	printf("bridges:   %s\n", jstr(o, "bridges"));
	printf("incoming:  %s\n", jcount(o, "incoming", "record", r,
					   sizeof(r)));
}

static void device_text(json_object *o)
{
	static const char *const keys[][2] = {
		{ "bdf", "device" }, { "opted_in", "opted in" },
		{ "status", "status" }, { "bus_master", "bus master" },
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
	     "blocked", "bus_master", "saved_bus_master", NULL }; *k; k++)
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
	json_object *o, *inc;
	int rc, bad = 0;

	(void)opts;
	if (argc)
		return status_device(argv[0]);
	rc = configfs_require("status");
	if (rc)
		return rc;
	if (set_summary(&sum))
		return devices_error("status");
	inc = incoming_json(&bad);
	o = json_object_new_object();
	json_object_object_add(o, "version", cfs_attr("version"));
	json_object_object_add(o, "state", cfs_attr("state"));
	json_object_object_add(o, "devices", json_object_new_int(sum.devices));
	json_object_object_add(o, "blocked", json_object_new_int(sum.blocked));
	/* bridge count only the kernel knows; null without /dev/pci-lu */
	json_object_object_add(o, "bridges", pcilu_info(&info) ? NULL :
			       json_object_new_int((int)info.nr_bridges));
	json_object_object_add(o, "incoming", inc ?
		json_object_new_int((int)json_object_array_length(inc)) : NULL);
	json_object_put(inc);
	emit(o, status_text);
	return EXIT_OK;
}

static void incoming_text(json_object *o)
{
	static const struct column cols[] = {
		{ "BDF", "bdf", 12 }, { "KIND", "kind", 8 },
		{ "SAVED", "saved_bus_master", 5 }, { "BM", "bus_master", 2 },
		{ "RESULT", "result", 0 }, { 0 }
	};

	print_table(o, "records", cols, "no records were handed over");
}

int cmd_incoming(int argc, char **argv, const struct cmd_opts *opts)
{
	char path[PATH_MAX];
	json_object *arr, *o;
	int rc, bad = 0;

	(void)argc, (void)argv, (void)opts;
	rc = configfs_require("incoming");
	if (rc)
		return rc;
	arr = incoming_json(&bad);
	if (!arr) {
		if (!path_configfs(path, sizeof(path), "incoming"))
			return pl_errno(OP_CONFIGFS, errno, "incoming");
		if (errno == EBADMSG) {
			pl_error("malformed record", "incoming: %s: line %d",
				 path, bad);
			return EXIT_FAIL;
		}
		return pl_errno(OP_FILE, errno, "incoming: %s", path);
	}
	o = json_object_new_object();
	json_object_object_add(o, "records", arr);
	emit(o, incoming_text);
	return EXIT_OK;
}
