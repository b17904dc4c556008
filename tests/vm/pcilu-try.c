// SPDX-License-Identifier: GPL-2.0
/*
 * pcilu-try: one file system operation, reporting the errno by name, for
 * the hostile-input, fault and non-root VM scenarios.
 *
 *   pcilu-try [-u UID] [-k] OP PATH [DATA]
 *     OP: mkdir | rmdir | read (open O_RDONLY + read) | open (O_RDWR) |
 *         write DATA (open O_WRONLY + one write) | create (O_CREAT)
 *     -u UID  drop to UID/GID (no supplementary groups, so no capabilities)
 *             before the operation
 *     -n N -t SECS  loop mode: repeat the operation over every PATH up to N
 *             times or SECS seconds, whichever ends first (op "mkrm" is
 *             mkdir then rmdir); prints "ops=TOTAL ERRNAME=COUNT ..." with
 *             OK for successes, exit status 0
 *     -n N -t SECS mkrm-check ITEM STATUS DEVICE  loop mode, one item:
 *             mkrm of ITEM, and between its mkdir and rmdir, when the
 *             mkdir succeeded and the function's sysfs entry DEVICE no
 *             longer exists, one read of ITEM's STATUS attribute, which
 *             must say "blocked: removed: <bdf> removed".  Appends "gone=N" (such
 *             reads) and "stale=N" (of them, not blocked as removed) to
 *             the counts, and prints the first stale status on stderr
 *     -k      also count the kernel log records logged during the
 *             operation that contain "pci-lu: " and "refused" (/dev/kmsg)
 *
 * Prints one line: "OK" or the errno name (EINVAL, ENOENT, ...), followed by
 * " log=N" with -k.  Exit status 0 when the operation succeeded, 1 when it
 * failed, 2 on a usage or setup error.  PATH is used byte for byte, so a
 * bash $'...' or printf -v name can carry any byte but NUL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0) {
		perror("pcilu-try: /dev/kmsg");
		exit(2);
	}
	return fd;
}

/* records appended since kmsg_open() that look like a pci-lu refusal */
static int kmsg_count(int fd)
{
	char rec[8192];
	ssize_t n;
	int count = 0;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten: keep reading */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, "pci-lu: ") && strstr(rec, "refused"))
			count++;
	}
	return count;
}

static int do_op(const char *op, const char *path, const char *data)
{
	char buf[4096];
	int ret, fd;

	errno = 0;
	if (!strcmp(op, "mkdir")) {
		ret = mkdir(path, 0755);
	} else if (!strcmp(op, "rmdir")) {
		ret = rmdir(path);
	} else if (!strcmp(op, "read")) {
		fd = open(path, O_RDONLY);
		ret = fd < 0 ? -1 : (read(fd, buf, sizeof(buf)) < 0 ? -1 : 0);
		if (fd >= 0)
			close(fd);
	} else if (!strcmp(op, "open")) {
		fd = open(path, O_RDWR);
		ret = fd < 0 ? -1 : close(fd);
	} else if (!strcmp(op, "create")) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		ret = fd < 0 ? -1 : close(fd);
	} else if (!strcmp(op, "write")) {
		fd = open(path, O_WRONLY);
		if (fd < 0) {
			ret = -1;
		} else {
			ret = write(fd, data, strlen(data)) < 0 ? -1 : 0;
			if (close(fd) && !ret)
				ret = -1;
		}
	} else {
		errno = EINVAL;
		return -2;
	}
	return ret ? errno : 0;
}

static long counts[4096];
static long gone, stale;

/*
 * mkrm-check: the item was just made.  If its device is gone, the removal
 * notifier has run (it runs before the sysfs entry goes), so the item must
 * be blocked naming a removed function.
 */
static void check_gone(const char *status, const char *device)
{
	char buf[256];
	ssize_t n = -1;
	int fd, err;

	if (access(device, F_OK) == 0 || errno != ENOENT)
		return;
	gone++;
	fd = open(status, O_RDONLY);
	err = errno;
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		err = errno;
		close(fd);
	}
	if (n < 0)
		snprintf(buf, sizeof(buf), "(read: %s)", strerrorname_np(err) ?: "E?");
	else
		buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (n >= 0 && !strncmp(buf, "blocked: ", 9) && strlen(buf) > 8 &&
	    !strcmp(buf + strlen(buf) - 8, " removed"))
		return;
	if (!stale++)
		fprintf(stderr, "pcilu-try: %s gone, %s says: %s\n", device, status, buf);
}

static void tally(int e)
{
	counts[e >= 0 && e < 4096 ? e : 0]++;
}

static int loop(const char *op, char **paths, int npaths, long n, long secs)
{
	time_t end = time(NULL) + secs;
	long i, total = 0;
	int p, e;

	if (!strcmp(op, "mkrm-check") && npaths != 3) {
		fputs("pcilu-try: mkrm-check takes ITEM STATUS DEVICE\n", stderr);
		return 2;
	}
	for (i = 0; i < n && time(NULL) < end; i++) {
		if (!strcmp(op, "mkrm-check")) {
			e = do_op("mkdir", paths[0], NULL);
			tally(e);
			if (!e)
				check_gone(paths[1], paths[2]);
			tally(do_op("rmdir", paths[0], NULL));
			total += 2;
			continue;
		}
		for (p = 0; p < npaths; p++) {
			if (!strcmp(op, "mkrm")) {
				tally(do_op("mkdir", paths[p], NULL));
				tally(do_op("rmdir", paths[p], NULL));
				total += 2;
			} else {
				e = do_op(op, paths[p], "1\n");
				if (e == -2)
					return 2;
				tally(e);
				total++;
			}
		}
	}
	printf("ops=%ld", total);
	for (e = 0; e < 4096; e++)
		if (counts[e])
			printf(" %s=%ld", e ? (strerrorname_np(e) ?: "E?") : "OK",
			       counts[e]);
	if (!strcmp(op, "mkrm-check"))
		printf(" gone=%ld stale=%ld", gone, stale);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	const char *op, *path;
	int opt, kfd = -1, ret = 0;
	long uid = -1, n = 0, secs = 3600;

	while ((opt = getopt(argc, argv, "+u:kn:t:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtol(optarg, NULL, 10);
			break;
		case 't':
			secs = strtol(optarg, NULL, 10);
			break;
		case 'u':
			uid = strtol(optarg, NULL, 10);
			break;
		case 'k':
			kfd = 0;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind < 2)
		goto usage;
	op = argv[optind];
	path = argv[optind + 1];

	if (kfd == 0)
		kfd = kmsg_open();
	if (uid >= 0 && (setgroups(0, NULL) || setgid((gid_t)uid) ||
			 setuid((uid_t)uid))) {
		perror("pcilu-try: dropping privileges");
		return 2;
	}

	if (n > 0)
		return loop(op, argv + optind + 1, argc - optind - 1, n, secs);
	ret = do_op(op, path, argc - optind > 2 ? argv[optind + 2] : "1\n");
	if (ret == -2)
		goto usage;
	errno = ret;
	if (ret) {
		const char *name = strerrorname_np(errno);

		fputs(name ? name : "E?", stdout);
	}
	else
		fputs("OK", stdout);
	if (kfd >= 0)
		printf(" log=%d", kmsg_count(kfd));
	putchar('\n');
	return ret ? 1 : 0;
usage:
	fputs("usage: pcilu-try [-u UID] [-k] [-n N -t SECS] mkdir|rmdir|mkrm|read|open|create|write PATH [DATA|PATH...]\n"
	      "       pcilu-try -n N -t SECS mkrm-check ITEM STATUS DEVICE\n",
	      stderr);
	return 2;
}
