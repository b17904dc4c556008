// SPDX-License-Identifier: GPL-2.0
/*
 * image-check: can a kernel image take the handover this kernel writes?
 *
 * The format this kernel writes is its configfs "version" (the LUO
 * compatible string of its pci-lu file handler); without configfs it is the
 * one the tool was built for.  The image must read that format (image.c),
 * or a live update into it leaves every LUO session that holds a pci-lu
 * file, and by 7.2's LUO every other session too, unreachable.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

/* The format this kernel writes, and where that was learnt. */
static const char *writes_format(char *buf, size_t n, const char **from)
{
	char path[4096];

	if (path_configfs(path, sizeof(path), "version") &&
	    !attr_read(path, buf, n) && buf[0]) {
		*from = "kernel";
		return buf;
	}
	*from = "tool";
	return PCI_LU_VERSION;
}

static json_object *check_json(const char *kernel, const struct image_info *in,
			       const char *writes, const char *from)
{
	json_object *o = json_object_new_object();
	json_object *reads = json_object_new_array();
	int i;

	for (i = 0; i < in->nformats; i++)
		json_object_array_add(reads,
				      json_object_new_string(in->formats[i]));
	json_object_object_add(o, "image", json_object_new_string(kernel));
	json_object_object_add(o, "compression",
			       json_object_new_string(in->compression));
	json_object_object_add(o, "reads", reads);
	json_object_object_add(o, "writes", json_object_new_string(writes));
	json_object_object_add(o, "writes_from", json_object_new_string(from));
	json_object_object_add(o, "compatible",
			       json_object_new_boolean(image_reads(in, writes)));
	return o;
}

static void check_text(json_object *o)
{
	json_object *reads = json_object_object_get(o, "reads");
	size_t i, n = json_object_array_length(reads);

	printf("image:        %s (%s)\n", jstr(o, "image"),
	       jstr(o, "compression"));
	printf("reads:       ");
	for (i = 0; i < n; i++)
		printf(" %s", json_object_get_string(
				json_object_array_get_idx(reads, i)));
	printf("%s\n", n ? "" : " no pci-lu handover format");
	printf("this kernel:  writes %s%s\n", jstr(o, "writes"),
	       strcmp(jstr(o, "writes_from"), "tool") ? "" :
	       " (the tool's format: configfs pci-lu is not there)");
	printf("compatible:   %s\n",
	       json_object_get_boolean(json_object_object_get(o, "compatible"))
	       ? "yes" : "no");
}

/* Inspect kernel; on success *compatible and the JSON object (owned by the
 * caller).  Prints the error and returns EXIT_FAIL if unreadable. */
static int inspect(const char *cmd, const char *kernel, json_object **out,
		   bool *compatible)
{
	struct image_info in;
	const char *writes, *from;
	char fmt[64], err[256];

	if (image_inspect(kernel, &in, err, sizeof(err))) {
		pl_error(err, "%s: %s", cmd, kernel);
		return EXIT_FAIL;
	}
	writes = writes_format(fmt, sizeof(fmt), &from);
	*compatible = image_reads(&in, writes);
	*out = check_json(kernel, &in, writes, from);
	return EXIT_OK;
}

static int incompatible_error(const char *cmd, json_object *o)
{
	char why[512];

	snprintf(why, sizeof(why), "incompatible: it reads %s, this kernel "
		 "writes %s: a live update into it would leave every LUO "
		 "session unreachable (--force to kexec anyway)",
		 json_object_array_length(json_object_object_get(o, "reads")) ?
		 "other pci-lu handover formats" : "no pci-lu handover format",
		 jstr(o, "writes"));
	return pl_fail(EXIT_INCOMPATIBLE, OP_FILE, 0, why, "%s: %s", cmd,
		       jstr(o, "image"));
}

int image_preflight(const char *cmd, const char *kernel)
{
	json_object *o;
	bool ok;
	int rc = inspect(cmd, kernel, &o, &ok);

	if (rc)
		return rc;
	if (!ok)
		rc = incompatible_error(cmd, o);
	json_object_put(o);
	return rc;
}

int cmd_image_check(int argc, char **argv, const struct cmd_opts *opts)
{
	json_object *o;
	bool ok;
	int rc;

	(void)argc;
	(void)opts;
	rc = inspect("image-check", argv[0], &o, &ok);
	if (rc)
		return rc;
	if (!ok)
		rc = incompatible_error("image-check", o);
	emit(o, check_text);
	return rc;
}
