// SPDX-License-Identifier: GPL-2.0
/*
 * image-check: can a kernel image take over a live update from this one?
 *
 * What this kernel hands over is its configfs "compatibles": pci-lu's
 * record format, LUO's and KHO's ABI, the memfd handler's (one
 * "<family> <compatible>" per line).  A kernel without that file (or
 * without configfs pci-lu) is checked for pci-lu's format only: its
 * configfs "version", else the one the tool was built for.  The image
 * must read each (image.c): a next kernel that does not read LUO's or
 * KHO's format, or pci-lu's, leaves every LUO session unreachable.
 *
 * Three verdicts: compatible (exit 0), incompatible (EXIT_INCOMPATIBLE,
 * naming what differs) and unknown (EXIT_UNKNOWN: the image could not be
 * read that far; not an error that an option should wave through).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

struct needs {
	char v[IMAGE_NFAMILIES][IMAGE_FORMAT_LEN];	/* "" = not checked */
	const char *from;				/* "kernel" or "tool" */
};

/* What this kernel hands over, and where that was learnt. */
static void this_kernel(struct needs *nd)
{
	char path[4096], buf[512], *line, *save = NULL;
	int f;

	memset(nd, 0, sizeof(*nd));
	nd->from = "kernel";
	if (path_configfs(path, sizeof(path), "compatibles") &&
	    !attr_read(path, buf, sizeof(buf))) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char fam[16], val[IMAGE_FORMAT_LEN];

			if (sscanf(line, "%15s %31s", fam, val) != 2)
				continue;
			for (f = 0; f < IMAGE_NFAMILIES; f++)
				if (!strcmp(fam, image_family_name[f]))
					snprintf(nd->v[f], sizeof(nd->v[f]),
						 "%s", val);
		}
		if (nd->v[IMAGE_PCI_LU][0])
			return;
	}
	if (path_configfs(path, sizeof(path), "version") &&
	    !attr_read(path, buf, sizeof(buf)) && buf[0] &&
	    strlen(buf) < IMAGE_FORMAT_LEN) {
		strcpy(nd->v[IMAGE_PCI_LU], buf);
		return;
	}
	nd->from = "tool";
	strcpy(nd->v[IMAGE_PCI_LU], PCI_LU_VERSION);
}

static json_object *strings(const struct image_family *f)
{
	json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < f->n; i++)
		json_object_array_add(a, json_object_new_string(f->v[i]));
	return a;
}

/* "luo: this kernel writes luo-v5, the image reads luo-v4" per family */
static json_object *differences(const struct image_info *in,
				const struct needs *nd)
{
	json_object *d = json_object_new_array();
	char line[512];
	int f, i;

	for (f = 0; f < IMAGE_NFAMILIES; f++) {
		size_t len;

		if (!nd->v[f][0] || image_reads(in, f, nd->v[f]))
			continue;
		len = snprintf(line, sizeof(line), "%s: this kernel writes %s, "
			       "the image reads ", image_family_name[f],
			       nd->v[f]);
		if (!in->fam[f].n)
			snprintf(line + len, sizeof(line) - len, "no %s format",
				 image_family_name[f]);
		for (i = 0; i < in->fam[f].n && len < sizeof(line); i++)
			len += snprintf(line + len, sizeof(line) - len, "%s%s",
					i ? " " : "", in->fam[f].v[i]);
		json_object_array_add(d, json_object_new_string(line));
	}
	return d;
}

static json_object *check_json(const char *kernel, const struct image_info *in,
			       const struct needs *nd, const char *why)
{
	json_object *o = json_object_new_object();
	json_object *abi = json_object_new_object();
	json_object *needs = json_object_new_object();
	json_object *differs = NULL;
	const char *verdict = "unknown";
	int f;

	if (!why) {
		differs = differences(in, nd);
		verdict = json_object_array_length(differs) ? "incompatible" :
			  "compatible";
		for (f = 0; f < IMAGE_NFAMILIES; f++)
			json_object_object_add(abi, image_family_name[f],
					       strings(&in->fam[f]));
	}
	for (f = 0; f < IMAGE_NFAMILIES; f++)
		if (nd->v[f][0])
			json_object_object_add(needs, image_family_name[f],
					       json_object_new_string(nd->v[f]));
	json_object_object_add(o, "image", json_object_new_string(kernel));
	json_object_object_add(o, "container", why ? NULL :
			       json_object_new_string(in->container));
	json_object_object_add(o, "compression", why || !in->compression ?
			       NULL : json_object_new_string(in->compression));
	json_object_object_add(o, "reads", why ? json_object_new_array() :
			       strings(&in->fam[IMAGE_PCI_LU]));
	json_object_object_add(o, "abi", why ? NULL : abi);
	if (why)
		json_object_put(abi);
	json_object_object_add(o, "writes",
			       json_object_new_string(nd->v[IMAGE_PCI_LU]));
	json_object_object_add(o, "writes_from",
			       json_object_new_string(nd->from));
	json_object_object_add(o, "needs", needs);
	json_object_object_add(o, "verdict", json_object_new_string(verdict));
	json_object_object_add(o, "compatible", json_object_new_boolean(
				       !strcmp(verdict, "compatible")));
	json_object_object_add(o, "differs", differs ? differs :
			       json_object_new_array());
	json_object_object_add(o, "why", why ? json_object_new_string(why) :
			       NULL);
	return o;
}

static void print_family_list(json_object *o, const char *key)
{
	int f, first = 1;

	for (f = 0; f < IMAGE_NFAMILIES; f++) {
		json_object *v = json_object_object_get(o, image_family_name[f]);
		size_t i, n;

		if (!v)
			continue;
		if (json_object_is_type(v, json_type_string)) {
			printf("%s%s", first ? "" : ", ",
			       json_object_get_string(v));
			first = 0;
			continue;
		}
		n = json_object_array_length(v);
		if (!n && !strcmp(key, "abi"))
			continue;
		for (i = 0; i < n; i++)
			printf("%s%s", !first && !i ? ", " : i ? " " : "",
			       json_object_get_string(
				       json_object_array_get_idx(v, i)));
		first = first && !n;
	}
	printf("%s\n", first ? "nothing a live update hands over" : "");
}

static void check_text(json_object *o)
{
	json_object *differs = json_object_object_get(o, "differs");
	const char *verdict = jstr(o, "verdict");
	size_t i;

	if (json_object_object_get(o, "container"))
		printf("image:        %s (%s, %s)\n", jstr(o, "image"),
		       jstr(o, "container"), jstr(o, "compression"));
	else
		printf("image:        %s\n", jstr(o, "image"));
	if (json_object_object_get(o, "abi")) {
		printf("reads:        ");
		print_family_list(json_object_object_get(o, "abi"), "abi");
	}
	printf("this kernel:  writes ");
	print_family_list(json_object_object_get(o, "needs"), "needs");
	if (!strcmp(jstr(o, "writes_from"), "tool"))
		printf("              (the tool's format: configfs pci-lu is not there)\n");
	if (!strcmp(verdict, "compatible"))
		printf("compatible:   yes\n");
	else if (!strcmp(verdict, "unknown"))
		printf("compatible:   unknown: %s\n", jstr(o, "why"));
	else
		for (i = 0; i < json_object_array_length(differs); i++)
			printf("%s%s\n", i ? "              " : "compatible:   no: ",
			       json_object_get_string(
				       json_object_array_get_idx(differs, i)));
}

/*
 * Inspect kernel; *out the JSON object (the caller's), *rc the verdict's
 * exit status.  Return: 0, or EXIT_FAIL (printed) if the file cannot be
 * read at all.
 */
static int inspect(const char *cmd, const char *kernel, json_object **out,
		   int *rc)
{
	struct image_info in;
	struct needs nd;
	char err[256];
	int r;

	r = image_inspect(kernel, &in, err, sizeof(err));
	if (r == -2) {
		pl_error(err, "%s: %s", cmd, kernel);
		return EXIT_FAIL;
	}
	this_kernel(&nd);
	*out = check_json(kernel, &in, &nd, r ? err : NULL);
	*rc = r ? EXIT_UNKNOWN :
	      json_object_array_length(json_object_object_get(*out, "differs")) ?
	      EXIT_INCOMPATIBLE : EXIT_OK;
	return 0;
}

/*
 * Whether what differs loses the sessions: LUO's, KHO's or a handler's
 * format, or no pci-lu at all (LUO 7.2 then cannot deserialize a session
 * that holds a pci-lu file, nor any after it).  Another pci-lu record
 * format only has the record refused: pci-lu's LUO names are fixed.
 */
static bool sessions_lost(json_object *o)
{
	json_object *abi = json_object_object_get(o, "abi");
	json_object *differs = json_object_object_get(o, "differs");
	size_t i;

	for (i = 0; i < json_object_array_length(differs); i++)
		if (strncmp(json_object_get_string(json_object_array_get_idx(
				    differs, i)), "pci-lu: ", 8))
			return true;
	return !json_object_array_length(json_object_object_get(abi,
								"pci-lu"));
}

/* The verdict as an error (stderr, or the error object under --json) */
static int verdict_error(const char *cmd, json_object *o, int rc,
			 const char *skip)
{
	json_object *differs = json_object_object_get(o, "differs");
	char why[1024];
	size_t len, i;

	if (rc == EXIT_UNKNOWN) {
		snprintf(why, sizeof(why), "unknown: %s: whether it reads this "
			 "kernel's handover cannot be told%s", jstr(o, "why"),
			 skip);
		return pl_fail(EXIT_UNKNOWN, OP_FILE, 0, why, "%s: %s", cmd,
			       jstr(o, "image"));
	}
	len = snprintf(why, sizeof(why), "incompatible: ");
	for (i = 0; i < json_object_array_length(differs) && len < sizeof(why); i++)
		len += snprintf(why + len, sizeof(why) - len, "%s%s",
				i ? "; " : "", json_object_get_string(
					json_object_array_get_idx(differs, i)));
	if (len < sizeof(why))
		snprintf(why + len, sizeof(why) - len, ": %s%s",
			 sessions_lost(o) ? "a live update into it would leave "
			 "every LUO session unreachable" : "a live update into "
			 "it keeps nothing: the next kernel refuses the record "
			 "and leaves the devices unprotected", skip);
	return pl_fail(EXIT_INCOMPATIBLE, OP_FILE, 0, why, "%s: %s", cmd,
		       jstr(o, "image"));
}

int image_preflight(const char *cmd, const char *kernel)
{
	json_object *o;
	int rc;

	if (inspect(cmd, kernel, &o, &rc))
		return EXIT_FAIL;
	if (rc)
		rc = verdict_error(cmd, o, rc, " (--skip-image-check to kexec "
				   "anyway)");
	json_object_put(o);
	return rc;
}

int cmd_image_check(int argc, char **argv, const struct cmd_opts *opts)
{
	json_object *o;
	int rc;

	(void)argc;
	(void)opts;
	if (inspect("image-check", argv[0], &o, &rc))
		return EXIT_FAIL;
	if (rc)
		rc = verdict_error("image-check", o, rc, "");
	emit(o, check_text);
	return rc;
}
