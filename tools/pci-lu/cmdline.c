// SPDX-License-Identifier: GPL-2.0
/*
 * The next kernel's command line for `pci-lu kexec`, built as kexec(8)
 * builds it, and the checks made on it before anything is preserved.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pci-lu.h"

/* Next word of s (kernel rules: blanks separate, double quotes group). */
static const char *next_word(const char *s, size_t *len)
{
	const char *p;
	bool quoted = false;

	while (*s && isspace((unsigned char)*s))
		s++;
	for (p = s; *p && (quoted || !isspace((unsigned char)*p)); p++)
		if (*p == '"')
			quoted = !quoted;
	*len = (size_t)(p - s);
	return *s ? s : NULL;
}

static bool word_is(const char *w, size_t len, const char *lit)
{
	return len == strlen(lit) && !memcmp(w, lit, len);
}

int cmdline_compose(char *out, size_t n, const char *running,
		    const char *replace, const char *append)
{
	const char *w, *s = replace ? replace : running ? running : "";
	size_t len, used = 0;
	int r;

	out[0] = '\0';
	/* the running kernel's line without the boot loader's BOOT_IMAGE= */
	while ((w = next_word(s, &len))) {
		s = w + len;
		if (!replace && len >= 11 && !memcmp(w, "BOOT_IMAGE=", 11))
			continue;
		r = snprintf(out + used, n - used, "%s%.*s", used ? " " : "",
			     (int)len, w);
		if (r < 0 || (size_t)r >= n - used)
			return -ENAMETOOLONG;
		used += (size_t)r;
	}
	if (append && *append) {
		r = snprintf(out + used, n - used, "%s%s", used ? " " : "",
			     append);
		if (r < 0 || (size_t)r >= n - used)
			return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * The value the next kernel gives the boolean early parameter name: the
 * name=VALUE words before "--" (after it, words go to init) in order, each
 * read as kstrtobool() reads it (one it cannot read changes nothing).
 * 1 true, 0 false or absent.
 */
static int cmdline_bool(const char *cmdline, const char *name)
{
	size_t nl = strlen(name), len;
	const char *w, *s = cmdline;
	int val = 0;

	while ((w = next_word(s, &len))) {
		s = w + len;
		if (word_is(w, len, "--"))
			break;
		if (len <= nl + 1 || memcmp(w, name, nl) || w[nl] != '=')
			continue;
		w += nl + 1;
		if (*w == '"')
			w++;
		switch (*w) {
		case 'y': case 'Y': case 't': case 'T': case '1':
			val = 1;
			break;
		case 'n': case 'N': case 'f': case 'F': case '0':
			val = 0;
			break;
		case 'o': case 'O':
			if (w[1] == 'n' || w[1] == 'N')
				val = 1;
			else if (w[1] == 'f' || w[1] == 'F')
				val = 0;
			break;
		}
		/* anything else: kstrtobool() fails, the value stays */
	}
	return val;
}

const char *cmdline_missing(const char *cmdline)
{
	bool kho = cmdline_bool(cmdline, "kho");
	bool luo = cmdline_bool(cmdline, "liveupdate");

	if (kho && luo)
		return NULL;
	return !kho && !luo ? "kho=on liveupdate=on" :
	       !kho ? "kho=on" : "liveupdate=on";
}

long bzimage_cmdline_max(int fd)
{
	unsigned char hdr[0x23c];
	uint32_t size;

	if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    memcmp(hdr + 0x202, "HdrS", 4))
		return -1;
	/* boot protocol 2.06+ has cmdline_size; older ones take 255 */
	if ((hdr[0x206] | hdr[0x207] << 8) < 0x206)
		return 255;
	memcpy(&size, hdr + 0x238, sizeof(size));
	return (long)size;
}
