// SPDX-License-Identifier: GPL-2.0
/*
 * bench-tsc LABEL: print "BENCH-TSC LABEL <TSC>" on stdout.
 *
 * The bench's virtual-clock run (QEMU -icount) times the kexec window on the
 * guest's TSC: read right before `kexec -e` and again by the next stage's
 * first command.  The TSC is not reset by kexec, and under -icount it runs
 * on QEMU's virtual clock (1 ns per executed instruction with shift=0).
 */
#include <stdio.h>
#include <x86intrin.h>

int main(int argc, char **argv)
{
	unsigned long long t = __rdtsc();

	if (argc != 2) {
		fprintf(stderr, "usage: bench-tsc LABEL\n");
		return 2;
	}
	printf("BENCH-TSC %s %llu\n", argv[1], t);
	return 0;
}
