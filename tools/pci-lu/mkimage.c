// SPDX-License-Identifier: GPL-2.0
/*
 * pci-lu-unit mkimage: fake kernel images for the host tier's image-check
 * tests (tests/bats/host/image.bats), in every container and compression
 * image.c reads, with chosen identity strings:
 *
 *   pci-lu-unit mkimage [-u] [-p PROTOCOL] COMPRESSION OUT [STRING...]
 *
 * The payload is 64 KiB of filler with each STRING in it, NUL before and
 * after, compressed with COMPRESSION (gzip, xz, lzma, zstd, lz4, bzip2;
 * lzo writes only its magic: a compression image.c does not read), as the
 * kernel's build does (lz4: the legacy frame; every one followed by the
 * 32-bit decompressed size).  It is wrapped in a bzImage setup header of
 * boot protocol PROTOCOL (default 0x20f); -u wraps that bzImage in a PE
 * file as the .linux section of a unified kernel image.
 */
#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "pci-lu.h"

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static size_t compress_gzip(const unsigned char *in, size_t len,
			    unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	size_t n;

	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)in;
	z.avail_in = len;
	z.next_out = out;
	z.avail_out = cap;
	n = deflate(&z, Z_FINISH) == Z_STREAM_END ? cap - z.avail_out : 0;
	deflateEnd(&z);
	return n;
}

static size_t compress_lzma(const unsigned char *in, size_t len,
			    unsigned char *out, size_t cap, bool alone)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	size_t n = 0;

	lzma_lzma_preset(&opt, 6);
	if ((alone ? lzma_alone_encoder(&s, &opt) :
		     lzma_easy_encoder(&s, 6, LZMA_CHECK_CRC32)) != LZMA_OK)
		return 0;
	s.next_in = in;
	s.avail_in = len;
	s.next_out = out;
	s.avail_out = cap;
	if (lzma_code(&s, LZMA_FINISH) == LZMA_STREAM_END)
		n = cap - s.avail_out;
	lzma_end(&s);
	return n;
}

static size_t compress_lz4(const unsigned char *in, size_t len,
			   unsigned char *out, size_t cap)
{
	int n;

	if (cap < 8)
		return 0;
	put32(out, 0x184c2102);		/* legacy frame, one block */
	n = LZ4_compress_default((const char *)in, (char *)out + 8, len,
				 cap - 8);
	if (n <= 0)
		return 0;
	put32(out + 4, n);
	return 8 + n;
}

static size_t compress_bzip2(const unsigned char *in, size_t len,
			     unsigned char *out, size_t cap)
{
	unsigned int n = cap;

	return BZ2_bzBuffToBuffCompress((char *)out, &n, (char *)in, len, 9,
					0, 0) == BZ_OK ? n : 0;
}

static size_t pack(const char *how, const unsigned char *in, size_t len,
		       unsigned char *out, size_t cap)
{
	size_t n;

	if (!strcmp(how, "gzip"))
		return compress_gzip(in, len, out, cap);
	if (!strcmp(how, "xz") || !strcmp(how, "lzma"))
		return compress_lzma(in, len, out, cap, !strcmp(how, "lzma"));
	if (!strcmp(how, "zstd")) {
		n = ZSTD_compress(out, cap, in, len, 19);
		return ZSTD_isError(n) ? 0 : n;
	}
	if (!strcmp(how, "lz4"))
		return compress_lz4(in, len, out, cap);
	if (!strcmp(how, "bzip2"))
		return compress_bzip2(in, len, out, cap);
	if (!strcmp(how, "lzo")) {
		memcpy(out, "\x89LZO\0\r\n\x1a\n", 9);
		return 9;
	}
	return 0;
}

/* A bzImage: 4 setup sectors, the header, the payload after them */
static unsigned char *bzimage(const unsigned char *payload, size_t plen,
			      unsigned int proto, size_t *len)
{
	const size_t off = 5 * 512;
	unsigned char *b = calloc(1, off + plen);

	if (!b)
		return NULL;
	b[0x1f1] = 4;
	memcpy(b + 0x202, "HdrS", 4);
	put16(b + 0x206, proto);
	put32(b + 0x248, 0);
	put32(b + 0x24c, plen);
	memcpy(b + off, payload, plen);
	*len = off + plen;
	return b;
}

/* A PE file with a .text section and the .linux section */
static unsigned char *uki(const unsigned char *kimg, size_t llen,
			  size_t *len)
{
	const size_t pe = 0x80, opt = 0xf0, tab = pe + 24 + opt;
	const size_t data = 0x400;
	unsigned char *b = calloc(1, data + 0x200 + llen);
	unsigned char *s;

	if (!b)
		return NULL;
	b[0] = 'M';
	b[1] = 'Z';
	put32(b + 0x3c, pe);
	memcpy(b + pe, "PE\0\0", 4);
	put16(b + pe + 4, 0x8664);
	put16(b + pe + 6, 2);
	put16(b + pe + 20, opt);
	put16(b + pe + 24, 0x20b);		/* PE32+ */
	s = b + tab;
	memcpy(s, ".text", 5);
	put32(s + 8, 0x200);
	put32(s + 12, 0x1000);
	put32(s + 16, 0x200);
	put32(s + 20, data);
	s += 40;
	memcpy(s, ".linux", 6);
	put32(s + 8, llen);
	put32(s + 12, 0x2000);
	put32(s + 16, llen);
	put32(s + 20, data + 0x200);
	memcpy(b + data + 0x200, kimg, llen);
	*len = data + 0x200 + llen;
	return b;
}

int unit_mkimage(int argc, char **argv)
{
	const size_t raw_len = 64 << 10;
	unsigned char *raw, *comp, *img, *wrapped;
	unsigned int proto = 0x20f;
	size_t clen, len, pos = 1024;
	bool as_uki = false;
	FILE *f;
	int opt, i;

	optind = 1;
	while ((opt = getopt(argc, argv, "up:")) != -1) {
		switch (opt) {
		case 'u': as_uki = true; break;
		case 'p': proto = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (argc - optind < 2)
		return 2;
	raw = malloc(raw_len);
	comp = malloc(2 * raw_len);
	if (!raw || !comp)
		return 1;
	for (len = 0; len < raw_len; len++)
		raw[len] = "kernel text "[len % 12];
	for (i = optind + 2; i < argc; i++) {
		size_t n = strlen(argv[i]) + 2;

		if (pos + n > raw_len)
			return 2;
		raw[pos] = 0;
		memcpy(raw + pos + 1, argv[i], n - 1);	/* with its NUL */
		pos += n + 512;
	}
	clen = pack(argv[optind], raw, raw_len, comp, 2 * raw_len - 4);
	if (!clen)
		return 2;
	put32(comp + clen, raw_len);	/* the kernel's size trailer */
	img = bzimage(comp, clen + 4, proto, &len);
	if (!img)
		return 1;
	if (as_uki) {
		wrapped = uki(img, len, &len);
		free(img);
		img = wrapped;
		if (!img)
			return 1;
	}
	f = fopen(argv[optind + 1], "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f))
		return 1;
	free(img);
	free(comp);
	free(raw);
	return 0;
}
