// SPDX-License-Identifier: GPL-2.0
/*
 * The one owner of BDF syntax: [DDDD:]BB:DD.F in hex, any case, normalised
 * to the canonical lowercase %04x:%02x:%02x.%x that configfs requires and
 * pci_name() prints.  The domain has up to 8 hex digits: domains above ffff
 * (e.g. behind Intel VMD) print with 5 or more.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci-lu.h"

/* Parse 1..8 hex digits at *s up to the delimiter; advance *s. */
static int hexpart(const char **s, char delim, unsigned int max,
		   unsigned int *out, const char *what, const char **why)
{
	static char msg[96];
	const char *p = *s;
	unsigned long v = 0;
	int digits = 0;

	while (isxdigit((unsigned char)*p)) {
		if (++digits > 8) {
			snprintf(msg, sizeof(msg), "%s number too long", what);
			*why = msg;
			return -1;
		}
		v = v * 16 + (isdigit((unsigned char)*p) ?
			      *p - '0' : tolower((unsigned char)*p) - 'a' + 10);
		p++;
	}
	if (!digits) {
		snprintf(msg, sizeof(msg), "missing %s number", what);
		*why = msg;
		return -1;
	}
	if (*p != delim) {
		if (!*p)
			snprintf(msg, sizeof(msg),
				 "unexpected end after %s number", what);
		else if (isprint((unsigned char)*p))
			snprintf(msg, sizeof(msg),
				 "unexpected '%c' after %s number", *p, what);
		else
			snprintf(msg, sizeof(msg),
				 "unexpected byte 0x%02x after %s number",
				 (unsigned char)*p, what);
		*why = msg;
		return -1;
	}
	if (v > max) {
		snprintf(msg, sizeof(msg), "%s %lx out of range (max %x)",
			 what, v, max);
		*why = msg;
		return -1;
	}
	*out = (unsigned int)v;
	*s = delim ? p + 1 : p;
	return 0;
}

int bdf_parse(const char *s, struct bdf *out, const char **why)
{
	struct bdf b = { 0 };
	int colons = 0;
	const char *p;

	for (p = s; *p; p++)
		colons += *p == ':';
	if (colons < 1 || colons > 2) {
		*why = "expected [DDDD:]BB:DD.F";
		return -1;
	}
	p = s;
	if (colons == 2 &&
	    hexpart(&p, ':', 0xffffffff, &b.domain, "domain", why))
		return -1;
	if (hexpart(&p, ':', 0xff, &b.bus, "bus", why) ||
	    hexpart(&p, '.', 0x1f, &b.dev, "device", why) ||
	    hexpart(&p, '\0', 7, &b.fn, "function", why))
		return -1;
	*out = b;
	return 0;
}

void bdf_format(const struct bdf *b, char out[BDF_STRLEN])
{
	snprintf(out, BDF_STRLEN, "%04x:%02x:%02x.%x",
		 b->domain, b->bus & 0xff, b->dev & 0x1f, b->fn & 7);
}

int bdf_parse_args(const char *cmd, int argc, char **argv,
		   char (**out)[BDF_STRLEN])
{
	struct bdf b;
	const char *why;
	int i;

	*out = calloc(argc ? argc : 1, BDF_STRLEN);
	if (!*out)
		abort();
	for (i = 0; i < argc; i++) {
		if (bdf_parse(argv[i], &b, &why)) {
			free(*out);
			*out = NULL;
			return pl_usage(cmd, "invalid BDF '%s': %s", argv[i],
					why);
		}
		bdf_format(&b, (*out)[i]);
	}
	return 0;
}
