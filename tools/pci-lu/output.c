// SPDX-License-Identifier: GPL-2.0
/*
 * Output: every command builds one JSON object; -j prints it as one
 * document, otherwise the command's text printer renders the same object.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

bool opt_json;

void emit(json_object *obj, void (*text)(json_object *obj))
{
	if (opt_json)
		printf("%s\n", json_object_to_json_string_ext(obj,
			JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
	else if (text)
		text(obj);
	json_object_put(obj);
}

int finish_stdout(int rc)
{
	int err = 0;

	if (fflush(stdout) || ferror(stdout))
		err = errno ? errno : EIO;
	if (fclose(stdout) && !err)
		err = errno;
	if (err) {
		pl_error(strerror(err), "write to standard output");
		return EXIT_FAIL;
	}
	return rc;
}

const char *jcount(json_object *o, const char *key, const char *noun,
		   char *buf, size_t n)
{
	const char *v = jstr(o, key);

	snprintf(buf, n, "%s %s%s", v, noun, strcmp(v, "1") ? "s" : "");
	return buf;
}

const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

/* One per-BDF result of add, remove or check. */
json_object *result_json(const char *bdf, int e, const char *reason,
			 json_object *status)
{
	json_object *r = json_object_new_object();

	json_object_object_add(r, "bdf", json_object_new_string(bdf));
	json_object_object_add(r, "ok", json_object_new_boolean(!e));
	json_object_object_add(r, "error", e ? json_object_new_string(reason)
					     : NULL);
	json_object_object_add(r, "errno", e && strerrorname_np(e) ?
			       json_object_new_string(strerrorname_np(e)) :
			       NULL);
	json_object_object_add(r, "status", status);
	return r;
}

void print_results(json_object *o, const char *verb)
{
	json_object *arr, *r, *ok;
	size_t i;

	json_object_object_get_ex(o, "results", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		r = json_object_array_get_idx(arr, i);
		json_object_object_get_ex(r, "ok", &ok);
		if (!json_object_get_boolean(ok))
			continue;	/* already reported on stderr */
		printf("%s: %s", jstr(r, "bdf"), verb);
		if (strcmp(jstr(r, "status"), "-"))
			printf(" (status: %s)", jstr(r, "status"));
		putchar('\n');
	}
}

void print_table(json_object *o, const char *key, const struct column *cols,
		 const char *empty)
{
	const struct column *c;
	json_object *arr;
	size_t i, n;

	json_object_object_get_ex(o, key, &arr);
	n = json_object_array_length(arr);
	if (!n) {
		printf("%s\n", empty);
		return;
	}
	for (c = cols; c->header; c++)
		printf("%-*s%s", c->width, c->header, c[1].header ? "  " : "\n");
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(arr, i);

		for (c = cols; c->header; c++)
			printf("%-*s%s", c->width, jstr(row, c->key),
			       c[1].header ? "  " : "\n");
	}
}
