// SPDX-License-Identifier: GPL-2.0
/*
 * pci-lu: which handover formats a kernel image reads (the preflight of
 * `pci-lu image-check` and `pci-lu kexec`).
 *
 * A kernel with pci-lu built in (LUO's registration functions are not
 * exported, so pci-lu is never a module) carries the LUO compatible string
 * of every handover format it reads, "pci-lu-v<N>", as a NUL-terminated
 * string in its read-only data.  A kernel without pci-lu carries none, and
 * its LUO cannot deserialize a session holding a pci-lu file.
 *
 * The image is what kexec_file_load takes: an x86 bzImage (boot protocol
 * 2.08 or later: the setup header gives the offset and length of the
 * compressed payload) whose payload is gzip, xz, lzma or zstd; or an
 * uncompressed ELF vmlinux.  The payload is decompressed in memory and its
 * strings of the form "pci-lu-v<digits>" (NUL-terminated, not the tail of
 * a longer name) are collected.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "pci-lu.h"

/* a kernel decompresses to tens of MB; refuse anything absurd */
#define IMAGE_MAX_IN	(512u << 20)
#define IMAGE_MAX_OUT	(1024u << 20)

static int set_err(char *err, size_t n, const char *fmt, const char *arg)
{
	snprintf(err, n, fmt, arg);
	return -1;
}

/* grow *buf (capacity *cap) so that it holds at least need bytes */
static int grow(unsigned char **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 1u << 22;
	unsigned char *p;

	while (n < need)
		n *= 2;
	if (n > IMAGE_MAX_OUT)
		return -1;
	p = realloc(*buf, n);
	if (!p)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static int inflate_gzip(const unsigned char *in, size_t len,
			unsigned char **out, size_t *olen)
{
	z_stream z = { 0 };
	size_t cap = 0;
	int rc;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	do {
		if (*olen == cap && grow(out, &cap, cap + 1))
			break;
		z.next_out = *out + *olen;
		z.avail_out = (uInt)(cap - *olen);
		rc = inflate(&z, Z_NO_FLUSH);
		*olen = cap - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

static int inflate_xz(const unsigned char *in, size_t len, bool alone,
		      unsigned char **out, size_t *olen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret rc;

	rc = alone ? lzma_alone_decoder(&s, UINT64_MAX) :
		     lzma_stream_decoder(&s, UINT64_MAX, 0);
	if (rc != LZMA_OK)
		return -1;
	s.next_in = in;
	s.avail_in = len;
	do {
		if (*olen == cap && grow(out, &cap, cap + 1))
			break;
		s.next_out = *out + *olen;
		s.avail_out = cap - *olen;
		rc = lzma_code(&s, LZMA_FINISH);
		*olen = cap - s.avail_out;
	} while (rc == LZMA_OK);
	lzma_end(&s);
	return rc == LZMA_STREAM_END ? 0 : -1;
}

static int inflate_zstd(const unsigned char *in, size_t len,
			unsigned char **out, size_t *olen)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	size_t cap = 0, rc = 1;

	if (!d)
		return -1;
	/* the kernel appends the decompressed size after the one frame */
	while (rc != 0) {
		ZSTD_outBuffer ob;

		if (*olen == cap && grow(out, &cap, cap + 1))
			break;
		ob = (ZSTD_outBuffer){ *out, cap, *olen };
		rc = ZSTD_decompressStream(d, &ob, &ib);
		*olen = ob.pos;
		if (ZSTD_isError(rc) || (ib.pos == ib.size && ob.pos < ob.size && rc))
			break;
	}
	ZSTD_freeDStream(d);
	return rc == 0 ? 0 : -1;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Decompress the payload of bzImage img; *out is malloc'ed. */
static int bzimage_payload(const unsigned char *img, size_t len,
			   unsigned char **out, size_t *olen,
			   struct image_info *info, char *err, size_t n)
{
	static const struct {
		const char *name;
		unsigned char magic[6];
		size_t mlen;
	} comp[] = {
		{ "gzip", { 0x1f, 0x8b }, 2 },
		{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6 },
		{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
		{ "lzma", { 0x5d, 0, 0 }, 3 },
		{ "bzip2", { 'B', 'Z', 'h' }, 3 },
		{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
		{ "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
	};
	size_t setup, off, plen;
	const unsigned char *p;
	unsigned int i;
	int rc = -1;

	if (len < 0x250 || memcmp(img + 0x202, "HdrS", 4))
		return set_err(err, n, "%s", "neither a bzImage nor an ELF vmlinux");
	if ((img[0x206] | img[0x207] << 8) < 0x208)
		return set_err(err, n, "%s", "bzImage boot protocol older than 2.08 (no payload fields)");
	setup = img[0x1f1] ? img[0x1f1] : 4;
	off = (setup + 1) * 512 + le32(img + 0x248);
	plen = le32(img + 0x24c);
	if (off > len || plen > len - off || plen < 6)
		return set_err(err, n, "%s", "bzImage cut short (its payload lies past the end of the file)");
	p = img + off;
	for (i = 0; i < sizeof(comp) / sizeof(comp[0]); i++)
		if (!memcmp(p, comp[i].magic, comp[i].mlen))
			break;
	if (i == sizeof(comp) / sizeof(comp[0]))
		return set_err(err, n, "%s", "bzImage payload in an unknown compression");
	info->compression = comp[i].name;
	switch (i) {
	case 0:
		rc = inflate_gzip(p, plen, out, olen);
		break;
	case 1:
	case 3:
		rc = inflate_xz(p, plen, i == 3, out, olen);
		break;
	case 2:
		rc = inflate_zstd(p, plen, out, olen);
		break;
	default:
		return set_err(err, n, "bzImage payload compressed with %s, which pci-lu cannot read (gzip, xz, lzma, zstd)",
			       comp[i].name);
	}
	if (rc)
		return set_err(err, n, "bzImage payload: %s data is corrupt or cut short",
			       comp[i].name);
	return 0;
}

/* a byte that may continue a longer name ("xpci-lu-v1" is not a match) */
static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Collect the "pci-lu-v<digits>" strings of buf: NUL-terminated, and not
 * the tail of a longer name. */
static void scan_formats(const unsigned char *buf, size_t len,
			 struct image_info *info)
{
	static const char pfx[] = "pci-lu-v";
	const size_t plen = sizeof(pfx) - 1;
	const unsigned char *p = buf, *end = buf + len;

	while ((p = memmem(p, end - p, pfx, plen))) {
		const unsigned char *q = p + plen;
		int i;

		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if ((p == buf || !word_char(p[-1])) && q > p + plen && q < end &&
		    *q == 0 && q - p < IMAGE_FORMAT_LEN) {
			for (i = 0; i < info->nformats; i++)
				if (!strcmp(info->formats[i], (const char *)p))
					break;
			if (i == info->nformats && i < IMAGE_MAX_FORMATS)
				strcpy(info->formats[info->nformats++],
				       (const char *)p);
		}
		p += plen;
	}
}

int image_inspect_buf(const unsigned char *img, size_t len,
		      struct image_info *info, char *err, size_t n)
{
	unsigned char *out = NULL;
	size_t olen = 0;

	memset(info, 0, sizeof(*info));
	if (len >= 4 && !memcmp(img, "\177ELF", 4)) {
		info->compression = "none (ELF)";
		scan_formats(img, len, info);
		return 0;
	}
	if (bzimage_payload(img, len, &out, &olen, info, err, n)) {
		free(out);
		return -1;
	}
	scan_formats(out, olen, info);
	free(out);
	return 0;
}

int image_inspect(const char *path, struct image_info *info, char *err,
		  size_t n)
{
	unsigned char *img;
	struct stat st;
	ssize_t got;
	size_t len = 0;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		rc = errno;
		if (fd >= 0)
			close(fd);
		return set_err(err, n, "%s", strerror(rc));
	}
	if (!S_ISREG(st.st_mode) || st.st_size > IMAGE_MAX_IN) {
		close(fd);
		return set_err(err, n, "%s", S_ISREG(st.st_mode) ?
			       "too large for a kernel image" : "not a regular file");
	}
	img = malloc(st.st_size ? st.st_size : 1);
	if (!img) {
		close(fd);
		return set_err(err, n, "%s", strerror(ENOMEM));
	}
	while (len < (size_t)st.st_size &&
	       (got = read(fd, img + len, st.st_size - len)) > 0)
		len += got;
	close(fd);
	rc = image_inspect_buf(img, len, info, err, n);
	free(img);
	return rc;
}

bool image_reads(const struct image_info *info, const char *format)
{
	int i;

	for (i = 0; i < info->nformats; i++)
		if (!strcmp(info->formats[i], format))
			return true;
	return false;
}
