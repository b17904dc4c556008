// SPDX-License-Identifier: GPL-2.0
/*
 * pcilu-preserve-loop: preserve the opted-in set in a LUO session and
 * cancel it (close the session), as fast as possible, for the race
 * scenarios: a preservation racing rmdir of its items.
 *
 *   pcilu-preserve-loop SECS
 *
 * Opens /dev/liveupdate once, then repeats for SECS seconds: create a
 * session, open /dev/pci-lu, preserve it in the session, close both.
 * Prints one line "ops=N OK=N EBUSY=N ..." (errnos of the preserve by
 * name); exit status 0, 2 on a setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/liveupdate.h>

static long counts[4096];

int main(int argc, char **argv)
{
	struct timespec now, end;
	long ops = 0;
	int luo, e;

	if (argc != 2) {
		fprintf(stderr, "usage: pcilu-preserve-loop SECS\n");
		return 2;
	}
	luo = open("/dev/liveupdate", O_RDWR | O_CLOEXEC);
	if (luo < 0) {
		perror("pcilu-preserve-loop: /dev/liveupdate");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atol(argv[1]);
	do {
		struct liveupdate_ioctl_create_session cs = {
			.size = sizeof(cs) };
		struct liveupdate_session_preserve_fd pf = {
			.size = sizeof(pf), .token = 1 };
		int dev;

		snprintf((char *)cs.name, sizeof(cs.name), "race-%ld", ops);
		if (ioctl(luo, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs)) {
			perror("pcilu-preserve-loop: create session");
			return 2;
		}
		dev = open("/dev/pci-lu", O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("pcilu-preserve-loop: /dev/pci-lu");
			return 2;
		}
		pf.fd = dev;
		e = ioctl(cs.fd, LIVEUPDATE_SESSION_PRESERVE_FD, &pf) ? errno : 0;
		counts[e < 4096 ? e : 0]++;
		close(dev);
		close(cs.fd);	/* cancel: the set is unpreserved */
		ops++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec ||
		 (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));

	printf("ops=%ld OK=%ld", ops, counts[0]);
	for (e = 1; e < 4096; e++)
		if (counts[e])
			printf(" %s=%ld", strerrorname_np(e) ?: "E?", counts[e]);
	printf("\n");
	return 0;
}
