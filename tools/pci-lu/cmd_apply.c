// SPDX-License-Identifier: GPL-2.0
/*
 * apply [FILE]: make the opted-in set equal to a configuration file
 * (default /etc/pci-lu.conf below --root).  Format (pci-lu(8) FILES): one
 * BDF per line as the command line takes it, '#' starts a comment, blank
 * lines and surrounding white space are ignored, a BDF listed twice counts
 * once.  The whole file is parsed before anything changes; an error names
 * the line (exit 2).  Then devices not in the file are opted out and those
 * in it opted in; what already matches is left alone, so a second run
 * changes nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci-lu.h"

struct conf {
	char (*bdf)[BDF_STRLEN];
	size_t n, cap;
};

static bool conf_has(const struct conf *c, const char *bdf)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->bdf[i], bdf))
			return true;
	return false;
}

static void conf_add(struct conf *c, const char *bdf)
{
	if (conf_has(c, bdf))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->bdf = realloc(c->bdf, c->cap * BDF_STRLEN);
		if (!c->bdf)
			abort();
	}
	snprintf(c->bdf[c->n++], BDF_STRLEN, "%s", bdf);
}

/* One line, comment and white space stripped; 0 or a usage error. */
static int conf_line(struct conf *c, const char *file, int lineno,
		     char *line)
{
	char *p = line, *end, canon[BDF_STRLEN];
	const char *why;
	struct bdf b;

	line[strcspn(line, "#\n")] = '\0';
	while (isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*p)
		return 0;
	end = p + strcspn(p, " \t\r\v\f");
	if (*end) {
		*end++ = '\0';
		while (isspace((unsigned char)*end))
			end++;
		return pl_usage("apply", "%s:%d: unexpected '%s' after the "
				"BDF (one device per line)", file, lineno, end);
	}
	if (bdf_parse(p, &b, &why))
		return pl_usage("apply", "%s:%d: invalid BDF '%s': %s", file,
				lineno, p, why);
	bdf_format(&b, canon);
	conf_add(c, canon);
	return 0;
}

static int conf_read(struct conf *c, const char *file)
{
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	FILE *f;

	f = fopen(file, "re");
	if (!f)
		return pl_fail(errno == ENOENT ? EXIT_UNAVAIL : 0, OP_FILE,
			       errno, NULL, "apply: %s", file);
	while (!rc && getline(&line, &cap, f) > 0) {
		lineno++;
		if (strlen(line) > 256)
			rc = pl_usage("apply", "%s:%d: line too long", file,
				      lineno);
		else
			rc = conf_line(c, file, lineno, line);
	}
	if (!rc && ferror(f))
		rc = pl_errno(OP_FILE, EIO, "apply: %s", file);
	free(line);
	fclose(f);
	return rc;
}

static void apply_text(json_object *o)
{
	json_object *arr, *r, *ok, *ch;
	int added = 0, removed = 0, kept = 0;
	size_t i;

	json_object_object_get_ex(o, "results", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		const char *action;

		r = json_object_array_get_idx(arr, i);
		json_object_object_get_ex(r, "ok", &ok);
		json_object_object_get_ex(r, "changed", &ch);
		if (!json_object_get_boolean(ok))
			continue;	/* already reported on stderr */
		action = jstr(r, "action");
		if (!json_object_get_boolean(ch))
			kept++;
		else if (!strcmp(action, "add"))
			added++, printf("%s: opted in (status: %s)\n",
					jstr(r, "bdf"), jstr(r, "status"));
		else
			removed++, printf("%s: opted out\n", jstr(r, "bdf"));
	}
	printf("%s: %d opted in, %d opted out, %d unchanged\n",
	       jstr(o, "file"), added, removed, kept);
}

static void add_result(json_object *res, json_object *r, const char *action,
		       bool *changed, bool *failed)
{
	json_object *v;

	json_object_object_add(r, "action", json_object_new_string(action));
	json_object_object_get_ex(r, "changed", &v);
	*changed |= json_object_get_boolean(v);
	json_object_object_get_ex(r, "ok", &v);
	*failed |= !json_object_get_boolean(v);
	json_object_array_add(res, r);
}

int cmd_apply(int argc, char **argv, const struct cmd_opts *opts)
{
	char def[PATH_MAX];
	const char *file = argc ? argv[0] : def;
	struct conf want = { 0 }, have = { 0 };
	bool changed = false, failed = false;
	json_object *arr, *res, *o, *d;
	size_t i;
	int rc;

	(void)opts;
	if (!argc && !path_of(def, sizeof(def), P_CONF, NULL))
		return pl_errno(OP_FILE, errno, "apply");
	rc = conf_read(&want, file);
	if (rc)
		goto out;
	rc = configfs_require("apply");
	if (rc)
		goto out;
	arr = device_list_json();
	if (!arr) {
		rc = devices_error("apply");
		goto out;
	}
	for (i = 0; i < json_object_array_length(arr); i++)
		conf_add(&have, jstr(json_object_array_get_idx(arr, i), "bdf"));
	json_object_put(arr);

	res = json_object_new_array();
	/* out first: what the file no longer lists */
	for (i = 0; i < have.n; i++)
		if (!conf_has(&want, have.bdf[i]))
			add_result(res, set_change(OP_REMOVE, "apply: remove",
						   have.bdf[i]),
				   "remove", &changed, &failed);
	for (i = 0; i < want.n; i++) {
		if (!conf_has(&have, want.bdf[i])) {
			add_result(res, set_change(OP_ADD, "apply: add",
						   want.bdf[i]),
				   "add", &changed, &failed);
			continue;
		}
		/* already in: unchanged, with its status */
		d = device_json(want.bdf[i]);
		o = result_json(want.bdf[i], 0, NULL, NULL);
		if (d && json_object_object_get_ex(d, "status", &arr))
			json_object_object_add(o, "status",
					       json_object_get(arr));
		json_object_put(d);
		json_object_object_add(o, "changed",
				       json_object_new_boolean(false));
		add_result(res, o, "keep", &changed, &failed);
	}
	o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "changed", json_object_new_boolean(changed));
	json_object_object_add(o, "results", res);
	emit(o, apply_text);
	rc = failed ? EXIT_FAIL : EXIT_OK;
out:
	free(want.bdf);
	free(have.bdf);
	return rc;
}
