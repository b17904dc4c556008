// SPDX-License-Identifier: GPL-2.0
/*
 * Output: every command builds one JSON object; -j prints it as one
 * document, otherwise the command's text printer renders the same object.
 * The JSON contract (pci-lu(8) JSON OUTPUT): every document starts with
 * "schema" and "command" and carries "error", null or the error object of
 * the first failure; a failing command that printed no document (or one
 * whose "error" was still null) prints an error document at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pci-lu.h"

bool opt_json, opt_verbose;
const char *cmd_name;
/* a document was printed; its "error" was null */
static bool emitted, emitted_clean;

static void print_doc(json_object *obj)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "schema",
			       json_object_new_int(PCI_LU_JSON_SCHEMA));
	json_object_object_add(doc, "command", cmd_name ?
			       json_object_new_string(cmd_name) : NULL);
	if (obj) {
		json_object_object_foreach(obj, k, v)
			json_object_object_add(doc, k, json_object_get(v));
	}
	json_object_object_add(doc, "error", error_json(pl_first_error()));
	emitted = true;
	emitted_clean = !pl_first_error()->set;
	printf("%s\n", json_object_to_json_string_ext(doc,
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
}

void emit(json_object *obj, void (*text)(json_object *obj))
{
	if (opt_json)
		print_doc(obj);
	else if (text)
		text(obj);
	json_object_put(obj);
}

json_object *error_json(const struct pl_err *e)
{
	json_object *o;
	char msg[2200];

	if (!e->set)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "what", json_object_new_string(e->what));
	json_object_object_add(o, "reason", json_object_new_string(e->reason));
	json_object_object_add(o, "errno", e->err && strerrorname_np(e->err) ?
		json_object_new_string(strerrorname_np(e->err)) : NULL);
	json_object_object_add(o, "exit", json_object_new_int(e->exit));
	snprintf(msg, sizeof(msg), PROG ": %s: %s", e->what, e->reason);
	json_object_object_add(o, "message", json_object_new_string(msg));
	return o;
}

int finish_stdout(int rc)
{
	int err = 0;

	/* a failure's exit code is its class (the first error's) */
	if (rc == EXIT_FAIL && pl_first_error()->set)
		rc = pl_first_error()->exit;
	if (rc && opt_json && (!emitted || emitted_clean)) {
		if (!pl_first_error()->set)
			pl_error("failed", "%s", cmd_name ? cmd_name : "pci-lu");
		print_doc(NULL);
	}
	emitted = emitted_clean = false;

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

/* One per-BDF result of add, remove, check or apply; reason_code from the
 * status. */
json_object *result_json(const char *bdf, int e, const char *reason,
			 json_object *status)
{
	json_object *r = json_object_new_object();
	struct pl_err fallback = { .set = true, .err = e, .exit = EXIT_FAIL };

	json_object_object_add(r, "bdf", json_object_new_string(bdf));
	json_object_object_add(r, "ok", json_object_new_boolean(!e));
	if (e && !pl_last_error()->set) {
		snprintf(fallback.what, sizeof(fallback.what), "%s", bdf);
		snprintf(fallback.reason, sizeof(fallback.reason), "%s",
			 reason ? reason : strerror(e));
	}
	json_object_object_add(r, "error", !e ? NULL :
		error_json(pl_last_error()->set ? pl_last_error() : &fallback));
	json_object_object_add(r, "reason_code", status_code_json(status ?
			       json_object_get_string(status) : NULL));
	json_object_object_add(r, "status", status);
	return r;
}

double step_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void step_report(const char *verb, const char *arg, double t0, long rc,
		 int e)
{
	double ms = (step_clock() - t0) * 1e3;

	if (!opt_verbose)
		return;
	fprintf(stderr, PROG ": step: %s %s: %s, %.3f ms\n", verb, arg,
		rc >= 0 ? "ok" : strerrorname_np(e) ? strerrorname_np(e) :
		"failed", ms);
}

/*
 * One line per result that succeeded (failures went to stderr); @after,
 * if not NULL, prints what follows a result's line.
 */
void print_results(json_object *o, const char *verb,
		   void (*after)(json_object *r))
{
	json_object *arr, *r, *ok, *ch;
	size_t i;

	json_object_object_get_ex(o, "results", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		r = json_object_array_get_idx(arr, i);
		json_object_object_get_ex(r, "ok", &ok);
		if (!json_object_get_boolean(ok))
			continue;	/* already reported on stderr */
		printf("%s: %s%s", jstr(r, "bdf"), verb,
		       json_object_object_get_ex(r, "changed", &ch) &&
		       !json_object_get_boolean(ch) ? " already" : "");
		if (strcmp(jstr(r, "status"), "-"))
			printf(" (status: %s)", jstr(r, "status"));
		putchar('\n');
		if (after)
			after(r);
	}
}

/*
 * A device that is "ok" with Bus Master Enable off is accepted: it has no
 * DMA to keep.  Say so to people (JSON carries the live bit where it has
 * one); bus_master is the live bit, -1 if unknown.
 */
void print_bus_master_note(const char *status, int bus_master)
{
	struct status_line st;

	status_parse(status, &st);
	if (st.kind == STATUS_OK && bus_master == 0)
		printf("  note: Bus Master Enable is off: accepted, but it has "
		       "no DMA to keep through the kexec until it is set\n");
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
