// SPDX-License-Identifier: GPL-2.0
/*
 * The one parser of a device status line, as the kernel writes it in
 * configfs devices/<bdf>/status and in PCI_LU_IOCTL_CHECK's status:
 *
 *   ok
 *   blocked: <code>: <bdf> <why>      <code>: a stable lowercase reason
 *                                     code (pci-lu(8), BLOCKED REASONS)
 *   blocked: <bdf> <why>              a kernel without reason codes
 *
 * A code is [a-z][a-z0-9-]* followed by ": "; a BDF never is (it has no
 * space after its first colon), so the two forms cannot be confused.  An
 * unknown but well-formed code is passed through: a newer kernel may add
 * codes, and a status that is not "ok" is blocked whatever its code.
 */
#include <stdio.h>
#include <string.h>

#include "pci-lu.h"

#define BLOCKED_PREFIX "blocked: "

void status_parse(const char *line, struct status_line *st)
{
	const char *p;
	size_t len;

	memset(st, 0, sizeof(*st));
	st->detail = "";
	if (!line) {
		st->kind = STATUS_NONE;
		return;
	}
	if (!strcmp(line, "ok")) {
		st->kind = STATUS_OK;
		return;
	}
	st->kind = STATUS_BLOCKED;
	st->detail = line;
	if (strncmp(line, BLOCKED_PREFIX, strlen(BLOCKED_PREFIX)))
		return;		/* not the documented form: blocked, no code */
	p = line + strlen(BLOCKED_PREFIX);
	st->detail = p;
	if (*p < 'a' || *p > 'z')
		return;
	len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
	if (len >= sizeof(st->code) || strncmp(p + len, ": ", 2))
		return;		/* "blocked: <bdf> <why>": no code */
	memcpy(st->code, p, len);
	st->code[len] = '\0';
	st->detail = p + len + 2;
}

json_object *status_code_json(const char *line)
{
	struct status_line st;

	status_parse(line, &st);
	return st.code[0] ? json_object_new_string(st.code) : NULL;
}
