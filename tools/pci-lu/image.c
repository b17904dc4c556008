// SPDX-License-Identifier: GPL-2.0
/*
 * pci-lu: which handover formats a kernel image reads (the preflight of
 * `pci-lu image-check` and `pci-lu kexec`).
 *
 * A live update hands over pci-lu's record, LUO's and KHO's own state and
 * the files of every LUO handler with a session (memfd at least); the next
 * kernel must read each.  Each of them names its format with a string of
 * the form "<family><digits>" that the kernel carries, NUL-terminated, in
 * its data: "pci-lu-format-<N>" (one per record format it reads), "luo-v<N>",
 * "kho-v<N>", "memfd-v<N>".  A kernel of pci-lu record format 2 carried no
 * "pci-lu-format-" string: its FLB's name, "pci-lu-flb-v2", stands for it
 * (and "pci-lu-flb-v1" for format 1).
 *
 * The image is what kexec_file_load takes: an x86 bzImage (boot protocol
 * 2.08 or later: the setup header gives the offset and length of the
 * compressed payload) whose payload is gzip, xz, lzma, zstd, lz4 (the
 * kernel's legacy frame) or bzip2; a unified kernel image (a PE file whose
 * .linux section is such a bzImage); or an uncompressed ELF vmlinux.  The
 * payload is decompressed in memory and the strings are collected.  An
 * image that cannot be read that far (another compression, an older boot
 * protocol, a corrupt payload, not a kernel) is reported, not guessed at:
 * its verdict is "unknown".
 */
#include <errno.h>
#include <fcntl.h>
#include <bzlib.h>
#include <lz4.h>
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

/* The kernel's lz4 payload: the legacy frame (lz4 -l), blocks of at most
 * 8 MiB, each a 32-bit compressed size and the block; then the kernel's
 * 32-bit decompressed size, which is too large to be a block here. */
#define LZ4_LEGACY_MAGIC	0x184c2102u
#define LZ4_LEGACY_BLOCK	(8u << 20)

static int inflate_lz4(const unsigned char *in, size_t len,
		       unsigned char **out, size_t *olen)
{
	size_t cap = 0, pos = 4;
	int blocks = 0;

	if (len < 4 || le32(in) != LZ4_LEGACY_MAGIC)
		return -1;
	while (len - pos >= 4) {
		uint32_t csize = le32(in + pos);
		int got;

		if (csize == LZ4_LEGACY_MAGIC) {	/* a concatenated frame */
			pos += 4;
			continue;
		}
		if (csize > len - pos - 4 || csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
			break;				/* the size trailer */
		if (cap - *olen < LZ4_LEGACY_BLOCK &&
		    grow(out, &cap, *olen + LZ4_LEGACY_BLOCK))
			return -1;
		got = LZ4_decompress_safe((const char *)in + pos + 4,
					  (char *)*out + *olen, (int)csize,
					  LZ4_LEGACY_BLOCK);
		if (got < 0)
			return -1;
		*olen += got;
		pos += 4 + csize;
		blocks++;
	}
	return blocks ? 0 : -1;
}

static int inflate_bzip2(const unsigned char *in, size_t len,
			 unsigned char **out, size_t *olen)
{
	bz_stream z = { 0 };
	size_t cap = 0;
	int rc;

	if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK)
		return -1;
	z.next_in = (char *)in;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (unsigned int)len;
	do {
		size_t room;

		if (*olen == cap && grow(out, &cap, cap + 1))
			break;
		room = cap - *olen;
		z.next_out = (char *)*out + *olen;
		z.avail_out = room > UINT32_MAX ? UINT32_MAX : (unsigned int)room;
		rc = BZ2_bzDecompress(&z);
		*olen += (room > UINT32_MAX ? UINT32_MAX : room) - z.avail_out;
	} while (rc == BZ_OK);
	BZ2_bzDecompressEnd(&z);
	return rc == BZ_STREAM_END ? 0 : -1;
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
	case 4:
		rc = inflate_bzip2(p, plen, out, olen);
		break;
	case 5:
		rc = inflate_lz4(p, plen, out, olen);
		break;
	default:
		return set_err(err, n, "bzImage payload compressed with %s, which pci-lu cannot read (gzip, xz, lzma, zstd, lz4, bzip2)",
			       comp[i].name);
	}
	if (rc)
		return set_err(err, n, "bzImage payload: %s data is corrupt or cut short",
			       comp[i].name);
	return 0;
}

/* a byte that may continue a longer name ("xluo-v5" is not a match) */
static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

const char *const image_family_prefix[IMAGE_NFAMILIES] = {
	[IMAGE_PCI_LU] = PCI_LU_VERSION_PREFIX,
	[IMAGE_LUO] = "luo-v",
	[IMAGE_KHO] = "kho-v",
	[IMAGE_MEMFD] = "memfd-v",
};

const char *const image_family_name[IMAGE_NFAMILIES] = {
	[IMAGE_PCI_LU] = "pci-lu",
	[IMAGE_LUO] = "luo",
	[IMAGE_KHO] = "kho",
	[IMAGE_MEMFD] = "memfd",
};

static void add_string(struct image_info *info, int fam, const char *s)
{
	struct image_family *f = &info->fam[fam];
	int i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], s))
			return;
	if (f->n < IMAGE_MAX_FORMATS && strlen(s) < IMAGE_FORMAT_LEN)
		strcpy(f->v[f->n++], s);
}

/* Collect the strings "<pfx><digits>" of buf: NUL-terminated, and not the
 * tail of a longer name; each as family fam, its prefix replaced by as if
 * given. */
static void scan(const unsigned char *buf, size_t len, const char *pfx,
		 int fam, const char *as, struct image_info *info)
{
	const size_t plen = strlen(pfx);
	const unsigned char *p = buf, *end = buf + len;
	char name[IMAGE_FORMAT_LEN];

	while ((p = memmem(p, end - p, pfx, plen))) {
		const unsigned char *q = p + plen;

		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if ((p == buf || !word_char(p[-1])) && q > p + plen && q < end &&
		    *q == 0 && q - p < IMAGE_FORMAT_LEN) {
			snprintf(name, sizeof(name), "%s%s", as ? as : pfx,
				 (const char *)p + plen);
			add_string(info, fam, name);
		}
		p += plen;
	}
}

static void scan_formats(const unsigned char *buf, size_t len,
			 struct image_info *info)
{
	int f;

	for (f = 0; f < IMAGE_NFAMILIES; f++)
		scan(buf, len, image_family_prefix[f], f, NULL, info);
	/* before format 3 the FLB's name was the version: pci-lu-flb-v<N> */
	if (!info->fam[IMAGE_PCI_LU].n)
		scan(buf, len, "pci-lu-flb-v", IMAGE_PCI_LU,
		     PCI_LU_VERSION_PREFIX, info);
}

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

/*
 * A unified kernel image: the PE file's .linux section.  Return: 1 and
 * the section in *sec and *slen, 0 if img is no PE file with such a section,
 * -1 (err set) if it is one but the section lies past its end.
 */
static int uki_linux(const unsigned char *img, size_t len,
		     const unsigned char **sec, size_t *slen, char *err,
		     size_t n)
{
	size_t pe, tab, i, nsec;

	if (len < 0x40 || img[0] != 'M' || img[1] != 'Z')
		return 0;
	pe = le32(img + 0x3c);
	if (pe > len - 24 || memcmp(img + pe, "PE\0\0", 4))
		return 0;
	nsec = le16(img + pe + 6);
	tab = pe + 24 + le16(img + pe + 20);
	for (i = 0; i < nsec && tab + 40 * (i + 1) <= len; i++) {
		const unsigned char *s = img + tab + 40 * i;
		size_t vsize = le32(s + 8), raw = le32(s + 16), off = le32(s + 20);

		if (memcmp(s, ".linux\0", 7))
			continue;
		if (off > len || raw > len - off || vsize > raw)
			return set_err(err, n, "%s", "unified kernel image cut short (its .linux section lies past the end of the file)");
		*sec = img + off;
		*slen = vsize ? vsize : raw;
		return 1;
	}
	return 0;
}

int image_inspect_buf(const unsigned char *img, size_t len,
		      struct image_info *info, char *err, size_t n)
{
	const unsigned char *sec;
	unsigned char *out = NULL;
	size_t olen = 0, slen;
	int rc;

	memset(info, 0, sizeof(*info));
	if (len >= 4 && !memcmp(img, "\177ELF", 4)) {
		info->container = "ELF vmlinux";
		info->compression = "none";
		scan_formats(img, len, info);
		return 0;
	}
	info->container = "bzImage";
	if (len < 0x250 || memcmp(img + 0x202, "HdrS", 4)) {
		rc = uki_linux(img, len, &sec, &slen, err, n);
		if (rc < 0)
			return rc;
		if (!rc || slen < 0x250 || memcmp(sec + 0x202, "HdrS", 4))
			return set_err(err, n, "%s", rc ?
				       "a unified kernel image whose .linux section is no bzImage" :
				       "neither a bzImage, a unified kernel image nor an ELF vmlinux");
		info->container = "unified kernel image";
		img = sec;
		len = slen;
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
	ssize_t got = 0;
	size_t len = 0;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		rc = errno;
		if (fd >= 0)
			close(fd);
		set_err(err, n, "%s", strerror(rc));
		return -2;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > IMAGE_MAX_IN) {
		close(fd);
		set_err(err, n, "%s", S_ISREG(st.st_mode) ?
			"too large for a kernel image" : "not a regular file");
		return -2;
	}
	img = malloc(st.st_size ? st.st_size : 1);
	if (!img) {
		close(fd);
		set_err(err, n, "%s", strerror(ENOMEM));
		return -2;
	}
	while (len < (size_t)st.st_size &&
	       (got = read(fd, img + len, st.st_size - len)) > 0)
		len += got;
	rc = len < (size_t)st.st_size ? (got < 0 ? errno : EIO) : 0;
	close(fd);
	if (rc) {	/* a read error is no verdict on the image */
		free(img);
		set_err(err, n, "read: %s", strerror(rc));
		return -2;
	}
	rc = image_inspect_buf(img, len, info, err, n);
	free(img);
	return rc;
}

bool image_reads(const struct image_info *info, int fam, const char *format)
{
	int i;

	for (i = 0; i < info->fam[fam].n; i++)
		if (!strcmp(info->fam[fam].v[i], format))
			return true;
	return false;
}
