// SPDX-License-Identifier: GPL-2.0
/*
 * pcilu-exit CODE: end the VM now through QEMU's isa-debug-exit device
 * (iobase 0xf4); QEMU exits with status (CODE << 1) | 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : 0;

	if (ioperm(0xf4, 1, 1)) {
		perror("pcilu-exit: ioperm");
		return 1;
	}
	outb((unsigned char)code, 0xf4);
	fprintf(stderr, "pcilu-exit: still running after isa-debug-exit\n");
	return 1;
}
