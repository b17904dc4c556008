// SPDX-License-Identifier: GPL-2.0
/*
 * pcilu-mark N: leave marker N (0..31) in QEMU's pci_cfg_read trace.
 *
 * Reads one byte of 0000:00:00.0's (the q35 MCH) config space at offset
 * 0xe0 + N, which the kernel never reads, so the trace shows
 *   pci_cfg_read mch 00:00.0 @0x<e0+N> -> ...
 * exactly where the guest called this.  tests/vm/trace-bm finds them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MARK_BASE 0xe0
#define MCH_CONFIG "/sys/bus/pci/devices/0000:00:00.0/config"

int main(int argc, char **argv)
{
	unsigned char b;
	char *end;
	long n;
	int fd;

	if (argc != 2 || (n = strtol(argv[1], &end, 0), *end) || n < 0 || n > 31) {
		fprintf(stderr, "usage: pcilu-mark N   (0 <= N <= 31)\n");
		return 2;
	}
	fd = open(MCH_CONFIG, O_RDONLY);
	if (fd < 0 || pread(fd, &b, 1, MARK_BASE + n) != 1) {
		perror("pcilu-mark: " MCH_CONFIG);
		return 1;
	}
	close(fd);
	return 0;
}
