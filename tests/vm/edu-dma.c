// SPDX-License-Identifier: GPL-2.0
/*
 * edu-dma: prove that a QEMU "edu" device can (or cannot) DMA.
 *
 *   edu-dma [-n BYTES] [-q] BDF
 *
 * Copies a fresh random pattern RAM -> edu internal buffer (0x40000) -> RAM
 * with the device's DMA engine and compares.  Exit 0: the data round-tripped;
 * 1: it did not (e.g. Bus Master Enable is off); 2: usage or setup error.
 *
 * It enables Memory Space decode if needed (to reach BAR0) but never touches
 * Bus Master Enable: deciding that is the test's job.
 *
 * edu facts (QEMU hw/misc/edu.c): BAR0 0x80 src, 0x88 dst, 0x90 count,
 * 0x98 cmd (bit0 start/busy, bit1 direction: 0 = RAM -> device, 1 = device
 * -> RAM); DMA addresses are masked to 28 bits, so the RAM page must lie
 * below 256 MiB; the transfer runs from a 100 ms virtual-clock timer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_BUF		0x40000UL
#define EDU_DMA_LIMIT	(1ULL << 28)
#define REG_ID		0x00
#define REG_SRC		0x80
#define REG_DST		0x88
#define REG_CNT		0x90
#define REG_CMD		0x98
#define CMD_RUN		0x1
#define CMD_TO_RAM	0x2
#define PAGE		4096UL
#define CHUNK		(4UL << 20)
#define MAX_CHUNKS	192		/* search up to 768 MiB for a low page */

static const char *bdf;
static int quiet;

#define msg(...) do { if (!quiet) { fprintf(stderr, "edu-dma: %s: ", bdf); fprintf(stderr, __VA_ARGS__); } } while (0)
#define fail(...) do { fprintf(stderr, "edu-dma: %s: ", bdf); fprintf(stderr, __VA_ARGS__); exit(2); } while (0)

static unsigned long read_hex(const char *dir, const char *name)
{
	char path[256], buf[32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		fail("cannot read %s: %s\n", path, strerror(errno));
	fclose(f);
	return strtoul(buf, NULL, 16);
}

static uint64_t virt_to_phys(int pagemap, void *va)
{
	uint64_t e;
	off_t off = (off_t)((uintptr_t)va / PAGE) * 8;

	if (pread(pagemap, &e, sizeof(e), off) != sizeof(e))
		fail("pagemap read: %s\n", strerror(errno));
	if (!(e & (1ULL << 63)))
		return 0;
	e &= (1ULL << 55) - 1;
	return e * PAGE;
}

/* a locked, resident page below 256 MiB (edu's DMA mask) */
static unsigned char *low_page(uint64_t *phys)
{
	int pagemap = open("/proc/self/pagemap", O_RDONLY);

	if (pagemap < 0)
		fail("/proc/self/pagemap: %s\n", strerror(errno));
	for (int c = 0; c < MAX_CHUNKS; c++) {
		unsigned char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED, -1, 0);

		if (p == MAP_FAILED)
			fail("mmap: %s\n", strerror(errno));
		for (unsigned long o = 0; o < CHUNK; o += PAGE) {
			uint64_t pa;

			p[o] = 1;	/* make sure it is backed */
			pa = virt_to_phys(pagemap, p + o);
			if (!pa)
				fail("no PFN in pagemap (needs root and CONFIG_PROC_PAGE_MONITOR)\n");
			if (pa + PAGE <= EDU_DMA_LIMIT) {
				close(pagemap);
				*phys = pa;
				return p + o;
			}
		}
		/* keep the chunk mapped so the next one yields different pages */
	}
	fail("no page below 256 MiB found\n");
}

static volatile uint64_t *reg(volatile unsigned char *bar, unsigned long off)
{
	return (volatile uint64_t *)(bar + off);
}

static int dma(volatile unsigned char *bar, uint64_t src, uint64_t dst, uint64_t cnt, uint64_t cmd)
{
	struct timespec ts = { 0, 1000000 };

	*reg(bar, REG_SRC) = src;
	*reg(bar, REG_DST) = dst;
	*reg(bar, REG_CNT) = cnt;
	__sync_synchronize();
	*reg(bar, REG_CMD) = cmd | CMD_RUN;
	for (int i = 0; i < 10000; i++) {	/* ~10 s */
		if (!(*reg(bar, REG_CMD) & CMD_RUN))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

int main(int argc, char **argv)
{
	char dir[128], full[16], path[192];
	unsigned long n = 1024;
	uint16_t cmd;
	uint64_t phys;
	unsigned char *page;
	volatile unsigned char *bar;
	int opt, fd;

	bdf = "?";
	while ((opt = getopt(argc, argv, "n:q")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'q': quiet = 1; break;
		default: goto usage;
		}
	}
	if (optind != argc - 1 || n == 0 || n > 2048)
		goto usage;
	bdf = argv[optind];
	if (strlen(bdf) == 7) {		/* short form 03:00.0 */
		snprintf(full, sizeof(full), "0000:%s", bdf);
		bdf = full;
	}
	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", bdf);
	if (read_hex(dir, "vendor") != EDU_VENDOR || read_hex(dir, "device") != EDU_DEVICE)
		fail("not an edu device\n");

	/* Memory Space decode on if needed; Bus Master Enable left as it is */
	snprintf(path, sizeof(path), "%s/config", dir);
	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, &cmd, 2, 4) != 2)
		fail("%s: %s\n", path, strerror(errno));
	if (!(cmd & 0x2)) {
		uint16_t new = cmd | 0x2;

		if (pwrite(fd, &new, 2, 4) != 2)
			fail("enable memory decode: %s\n", strerror(errno));
	}
	close(fd);
	msg("COMMAND=0x%04x (bus master %s)\n", cmd, cmd & 0x4 ? "on" : "off");

	snprintf(path, sizeof(path), "%s/resource0", dir);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		fail("%s: %s\n", path, strerror(errno));
	bar = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED)
		fail("mmap %s: %s\n", path, strerror(errno));
	if ((*(volatile uint32_t *)(bar + REG_ID) & 0xff) != 0xed)
		fail("BAR0 identification register reads 0x%08x\n", *(volatile uint32_t *)(bar + REG_ID));

	page = low_page(&phys);
	srand((unsigned int)(time(NULL) ^ getpid()));
	for (unsigned long i = 0; i < n; i++)
		page[i] = (unsigned char)(rand() >> 7);
	memset(page + 2048, 0, n);
	__sync_synchronize();

	if (dma(bar, phys, EDU_BUF, n, 0) || dma(bar, EDU_BUF, phys + 2048, n, CMD_TO_RAM))
		fail("DMA engine did not finish\n");
	__sync_synchronize();
	if (memcmp((void *)page, (void *)(page + 2048), n)) {
		msg("FAIL: %lu bytes did not round-trip via RAM 0x%llx\n", n, (unsigned long long)phys);
		return 1;
	}
	msg("ok: %lu bytes round-tripped via RAM 0x%llx\n", n, (unsigned long long)phys);
	return 0;
usage:
	fprintf(stderr, "usage: edu-dma [-n BYTES (1..2048)] [-q] BDF\n");
	return 2;
}
