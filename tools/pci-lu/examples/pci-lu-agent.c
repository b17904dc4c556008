// SPDX-License-Identifier: GPL-2.0
/*
 * pci-lu-agent: an example live update agent (the role of a VMM manager or
 * luod) following pci-lu's orchestrator contract
 * (Documentation/PCI/pci-lu.rst, "Orchestrator contract").  The VM tests
 * run it; it drives QEMU "edu" devices, whose DMA engine stands in for a
 * device that keeps writing guest memory through the update.
 *
 *   pci-lu-agent update {-k KERNEL [-i INITRD] -c CMDLINE | -L} [-n]
 *                       [-r SOCKET | -f SOCKET] BDF...
 *   pci-lu-agent check [-N] [-s SESSION]
 *
 * update, in the old kernel:
 *   1. (-r) receive a LUO session fd from another process over the UNIX
 *      stream socket SOCKET (pci-lu preserve --send-to), or (-f) play
 *      systemd's notify socket SOCKET and take the fd pushed with FDSTORE=1
 *      (pci-lu preserve --fdstore); hold it until the kexec;
 *   2. open /dev/liveupdate, create the agent's own session
 *      "pci-lu-agent", close /dev/liveupdate (one opener at a time);
 *   3. preserve in it a memfd, the DMA target: page 0 a header, then per
 *      device a source page (a pattern) and a landing page (zeros);
 *   4. unless -n, preserve the /dev/pci-lu fd in the same session: the
 *      opted-in set keeps Bus Master Enable through the kexec;
 *   5. load KERNEL with kexec_file_load (KHO needs the file variant);
 *      -L: keep the kernel loaded already (e.g. with kexec_load, which
 *      pci-lu's freeze refuses: the test of that refusal);
 *   6. per device: copy the source page into edu's buffer (a DMA that
 *      completes), then start a DMA edu buffer -> landing page and do not
 *      wait: edu runs it 100 ms of virtual time later, inside the kexec;
 *   7. reboot(LINUX_REBOOT_CMD_KEXEC) while those DMAs are pending.  If
 *      it returns (a freeze refused it), say why, check that the memfd
 *      still holds what step 3 wrote, wait for the DMAs of step 6 to
 *      finish (they land in the memfd, which must not be freed under
 *      them), and exit 1.
 *   The memfd's pages are preserved by LUO, so the next kernel keeps them:
 *   the only memory a device may DMA into across the update.
 *
 * check, in the next kernel: retrieve the session, its memfd (and its
 * /dev/pci-lu fd if it preserved one), compare every landing page with
 * its pattern, print per device
 *   DMA <bdf> landed <n>/<total> bytes      (every byte arrived)
 *   DMA <bdf> lost <n>/<total> bytes        (the landing page is not it)
 * then finish the session (which releases the pci-lu set) unless -N.
 * -s takes another session's name (default pci-lu-agent).
 *
 * Exit status: 0 done (check: whatever landed), 1 a step failed, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/kexec.h>
#include <linux/liveupdate.h>
#include <linux/pci_lu.h>
#include <linux/reboot.h>

#define SESSION		"pci-lu-agent"
#define TOKEN_MEMFD	1
#define TOKEN_PCI_LU	2
#define MAGIC		0x41474e5450434c55ULL	/* "ULCPTNGA" */
#define MAX_DEV		8
#define PAGE		4096UL
#define DMA_LEN		2048UL	/* QEMU 7.2's edu aborts on 4096 */

/* edu (QEMU hw/misc/edu.c): BAR0 registers */
#define EDU_BUF		0x40000UL
#define REG_SRC		0x80
#define REG_DST		0x88
#define REG_CNT		0x90
#define REG_CMD		0x98
#define CMD_RUN		0x1
#define CMD_TO_RAM	0x2

/* memfd page 0; device i: source page 1 + 2i, landing page 2 + 2i */
struct header {
	uint64_t magic;
	uint32_t nr_dev, seed, pci_lu;
	char bdf[MAX_DEV][16];
	uint64_t landing_phys[MAX_DEV];
};

static const char *prog = "pci-lu-agent";

#define die(...) do { fprintf(stderr, "%s: ", prog); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define say(...) do { printf("%s: ", prog); printf(__VA_ARGS__); \
	putchar('\n'); fflush(stdout); } while (0)

static unsigned char pattern(const struct header *h, int dev, unsigned long j)
{
	return (unsigned char)(1 + (j * 31 + h->seed + dev * 101) % 255);
}

/* ---- LUO ---- */

static int luo_open(void)
{
	int fd = open("/dev/liveupdate", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die("open /dev/liveupdate: %s", strerror(errno));
	return fd;
}

static void preserve(int sess, int fd, uint64_t token, const char *what)
{
	struct liveupdate_session_preserve_fd pf = {
		.size = sizeof(pf), .fd = fd, .token = token,
	};

	if (ioctl(sess, LIVEUPDATE_SESSION_PRESERVE_FD, &pf))
		die("preserve %s in session %s: %s", what, SESSION,
		    strerror(errno));
}

static int retrieve(int sess, uint64_t token)
{
	struct liveupdate_session_retrieve_fd rf = {
		.size = sizeof(rf), .token = token,
	};

	return ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf) ? -1 : rf.fd;
}

static void session_name(int sess, char *name, size_t n)
{
	struct liveupdate_session_get_name gn = { .size = sizeof(gn) };

	if (ioctl(sess, LIVEUPDATE_SESSION_GET_NAME, &gn))
		die("the fd received is no LUO session: %s", strerror(errno));
	snprintf(name, n, "%s", (char *)gn.name);
}

/* ---- receiving another process's session fd ---- */

/* bound (and listening, for a stream) before its name appears at path */
static int unix_socket(const char *path, int type)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	if (s < 0 || strlen(path) + 4 >= sizeof(sa.sun_path))
		die("socket %s: %s", path, s < 0 ? strerror(errno) : "too long");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.new", path);
	unlink(sa.sun_path);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (type == SOCK_STREAM && listen(s, 1)) || rename(sa.sun_path, path))
		die("bind %s: %s", path, strerror(errno));
	return s;
}

/* one message; its text into buf, its SCM_RIGHTS fd (or -1) returned */
static int recv_fd(int s, char *buf, size_t n)
{
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { buf, n - 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b),
	};
	struct cmsghdr *c;
	ssize_t len;
	int fd = -1;

	len = recvmsg(s, &m, MSG_CMSG_CLOEXEC);
	if (len < 0)
		die("recvmsg: %s", strerror(errno));
	buf[len] = '\0';
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* -r: pci-lu preserve --send-to connects and sends "LUO-SESSION ..." */
static int receive_unix(const char *path)
{
	char text[256], name[LIVEUPDATE_SESSION_NAME_LENGTH];
	int s = unix_socket(path, SOCK_STREAM), c, fd;

	c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		die("accept %s: %s", path, strerror(errno));
	fd = recv_fd(c, text, sizeof(text));
	close(c);
	close(s);
	if (fd < 0)
		die("%s: a message without an fd", path);
	session_name(fd, name, sizeof(name));
	text[strcspn(text, "\n")] = '\0';
	say("received LUO session %s over %s (\"%s\"); holding it", name, path,
	    text);
	return fd;
}

/*
 * -f: a stand-in for systemd's notify socket, enough for one
 * sd_pid_notify_with_fds(... "FDSTORE=1\nFDNAME=...") and the
 * sd_notify_barrier() after it: the fd is stored, the barrier's pipe
 * closed.  systemd >= v261 keeps such a session fd across the kexec
 * (FileDescriptorStorePreserve=); here this process holds it.
 */
static int receive_fdstore(const char *path)
{
	char text[256], fdname[128], name[LIVEUPDATE_SESSION_NAME_LENGTH];
	int s = unix_socket(path, SOCK_DGRAM), fd, barrier;
	const char *p;

	fd = recv_fd(s, text, sizeof(text));
	p = strstr(text, "FDNAME=");
	if (fd < 0 || strncmp(text, "FDSTORE=1\n", 10) || !p)
		die("%s: expected FDSTORE=1 with FDNAME= and an fd, got \"%s\"",
		    path, text);
	snprintf(fdname, sizeof(fdname), "%.*s", (int)strcspn(p + 7, "\n"),
		 p + 7);
	barrier = recv_fd(s, text, sizeof(text));
	if (barrier < 0 || strcmp(text, "BARRIER=1\n"))
		die("%s: expected BARRIER=1 with a pipe fd, got \"%s\"", path,
		    text);
	close(barrier);
	close(s);
	session_name(fd, name, sizeof(name));
	say("fd store: took LUO session %s as FDNAME=%s; holding it", name,
	    fdname);
	return fd;
}

/* ---- edu ---- */

static volatile unsigned char *edu_bar(const char *bdf)
{
	char path[128];
	uint16_t cmd;
	void *bar;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, &cmd, 2, 4) != 2)
		die("%s: %s", path, strerror(errno));
	if (!(cmd & 0x2)) {		/* memory decode, never bus master */
		cmd |= 0x2;
		if (pwrite(fd, &cmd, 2, 4) != 2)
			die("%s: %s", path, strerror(errno));
	}
	close(fd);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", bdf);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	bar = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED)
		die("mmap %s: %s", path, strerror(errno));
	close(fd);
	return bar;
}

static volatile uint64_t *reg(volatile unsigned char *bar, unsigned long off)
{
	return (volatile uint64_t *)(bar + off);
}

static void edu_start(volatile unsigned char *bar, uint64_t src, uint64_t dst,
		      uint64_t cmd)
{
	*reg(bar, REG_SRC) = src;
	*reg(bar, REG_DST) = dst;
	*reg(bar, REG_CNT) = DMA_LEN;
	__sync_synchronize();
	*reg(bar, REG_CMD) = cmd | CMD_RUN;
}

static int edu_wait(volatile unsigned char *bar)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000; i++) {
		if (!(*reg(bar, REG_CMD) & CMD_RUN))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* physical address of the page at va (faulted in first: pagemap shows
 * only pages mapped in this process) */
static uint64_t phys_of(void *va)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e;

	(void)*(volatile unsigned char *)va;

	if (fd < 0 || pread(fd, &e, 8, (off_t)((uintptr_t)va / PAGE) * 8) != 8)
		die("/proc/self/pagemap: %s", strerror(errno));
	close(fd);
	if (!(e & (1ULL << 63)) || !(e & ((1ULL << 55) - 1)))
		die("no PFN in pagemap (needs root)");
	return (e & ((1ULL << 55) - 1)) * PAGE;
}

/* ---- update ---- */

static int update(int argc, char **argv)
{
	const char *kernel = NULL, *initrd = NULL, *cmdline = NULL;
	const char *recv_path = NULL, *store_path = NULL;
	struct liveupdate_ioctl_create_session cs = { .size = sizeof(cs) };
	volatile unsigned char *bar[MAX_DEV];
	int opt, luo, sess, mfd, dev, kfd, ifd = -1, held = -1, i, n;
	unsigned char *mem;
	struct header *h;
	size_t size;
	bool no_pci_lu = false, loaded = false;

	while ((opt = getopt(argc, argv, "k:i:c:nr:f:L")) != -1) {
		switch (opt) {
		case 'k': kernel = optarg; break;
		case 'i': initrd = optarg; break;
		case 'c': cmdline = optarg; break;
		case 'n': no_pci_lu = true; break;
		case 'r': recv_path = optarg; break;
		case 'f': store_path = optarg; break;
		case 'L': loaded = true; break;
		default: return 2;
		}
	}
	n = argc - optind;
	if ((!loaded && (!kernel || !cmdline)) || n < 1 || n > MAX_DEV)
		return 2;

	/* 1. someone else's session, held until the kexec */
	if (recv_path)
		held = receive_unix(recv_path);
	else if (store_path)
		held = receive_fdstore(store_path);

	/* 2. the agent's own session; /dev/liveupdate closed again */
	luo = luo_open();
	snprintf((char *)cs.name, sizeof(cs.name), "%s", SESSION);
	if (ioctl(luo, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs))
		die("create session %s: %s", SESSION, strerror(errno));
	close(luo);
	sess = cs.fd;

	/* 3. the memfd: header, and per device a source and a landing page */
	size = PAGE * (1 + 2 * (size_t)n);
	mfd = memfd_create("pci-lu-agent-dma", MFD_CLOEXEC);
	if (mfd < 0 || ftruncate(mfd, (off_t)size))
		die("memfd: %s", strerror(errno));
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (mem == MAP_FAILED)
		die("mmap memfd: %s", strerror(errno));
	h = (struct header *)mem;
	h->magic = MAGIC;
	h->nr_dev = (uint32_t)n;
	h->seed = (uint32_t)(time(NULL) ^ getpid());
	h->pci_lu = !no_pci_lu;
	for (i = 0; i < n; i++) {
		snprintf(h->bdf[i], sizeof(h->bdf[i]), "%s", argv[optind + i]);
		for (unsigned long j = 0; j < DMA_LEN; j++)
			mem[PAGE * (1 + 2 * i) + j] = pattern(h, i, j);
	}
	/* preserving pins the folios (and may move them): addresses after */
	preserve(sess, mfd, TOKEN_MEMFD, "the memfd");
	for (i = 0; i < n; i++)
		h->landing_phys[i] = phys_of(mem + PAGE * (2 + 2 * i));

	/* 4. the opted-in set, in the same session */
	if (!no_pci_lu) {
		dev = open("/dev/pci-lu", O_RDWR | O_CLOEXEC);
		if (dev < 0)
			die("open /dev/pci-lu: %s", strerror(errno));
		preserve(sess, dev, TOKEN_PCI_LU, "/dev/pci-lu");
	}
	say("session %s: memfd (%zu pages, token %d)%s", SESSION, size / PAGE,
	    TOKEN_MEMFD, no_pci_lu ? "; no /dev/pci-lu (-n)" :
	    " and /dev/pci-lu (token 2)");

	/* 5. the next kernel, loaded before any DMA starts (it takes long) */
	if (!loaded) {
		kfd = open(kernel, O_RDONLY | O_CLOEXEC);
		if (kfd < 0 || (initrd &&
				(ifd = open(initrd, O_RDONLY | O_CLOEXEC)) < 0))
			die("%s: %s", kfd < 0 ? kernel : initrd,
			    strerror(errno));
		if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmdline) + 1,
			    cmdline, ifd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0))
			die("kexec_file_load %s: %s", kernel, strerror(errno));
	}

	/* 6. fill each edu's buffer, then the DMAs left in flight */
	for (i = 0; i < n; i++) {
		uint64_t src = phys_of(mem + PAGE * (1 + 2 * i));

		bar[i] = edu_bar(h->bdf[i]);
		edu_start(bar[i], src, EDU_BUF, 0);
		if (edu_wait(bar[i]))
			die("%s: DMA RAM -> edu did not finish (Bus Master "
			    "Enable off?)", h->bdf[i]);
		say("DMA %s: edu buffer -> RAM 0x%llx (memfd page %d), %lu "
		    "bytes, in flight into the kexec", h->bdf[i],
		    (unsigned long long)h->landing_phys[i], 2 + 2 * i, DMA_LEN);
	}
	msync(mem, size, MS_SYNC);
	for (i = 0; i < n; i++)
		edu_start(bar[i], EDU_BUF, h->landing_phys[i], CMD_TO_RAM);

	/* 7. kexec with the DMAs pending */
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	fprintf(stderr, "pci-lu-agent: reboot: %s\n", strerror(errno));
	/* refused: this kernel goes on, and so must the session's memfd */
	if (h->magic != MAGIC || h->nr_dev != (uint32_t)n)
		die("after the refused reboot: the memfd's header changed");
	for (i = 0; i < n; i++)
		for (unsigned long j = 0; j < DMA_LEN; j++)
			if (mem[PAGE * (1 + 2 * i) + j] != pattern(h, i, j))
				die("after the refused reboot: source page of "
				    "%s changed", h->bdf[i]);
	say("after the refused reboot: session %s, memfd intact (header "
	    "and %d source page(s))", SESSION, n);
	/*
	 * The DMAs of step 6 are still pending and land in the memfd: its
	 * pages must outlive them.  Exiting now would free the pages (the
	 * session closes with this process) while edu still writes them.
	 */
	for (i = 0; i < n; i++)
		if (edu_wait(bar[i]))
			die("after the refused reboot: the DMA of %s did not "
			    "finish; not releasing its landing page",
			    h->bdf[i]);
	say("after the refused reboot: the %d pending DMA(s) finished into "
	    "the memfd", n);
	(void)held;
	return 1;
}

/* ---- check ---- */

static int check(int argc, char **argv)
{
	struct liveupdate_ioctl_retrieve_session rs = { .size = sizeof(rs) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	const char *name = SESSION;
	const struct header *h;
	unsigned char *mem;
	bool finish = true;
	int opt, luo, mfd, dev = -1, i;

	while ((opt = getopt(argc, argv, "Ns:")) != -1) {
		switch (opt) {
		case 'N': finish = false; break;
		case 's': name = optarg; break;
		default: return 2;
		}
	}
	if (optind != argc)
		return 2;
	luo = luo_open();
	snprintf((char *)rs.name, sizeof(rs.name), "%s", name);
	if (ioctl(luo, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &rs))
		die("retrieve session %s: %s", name, strerror(errno));
	close(luo);
	mfd = retrieve(rs.fd, TOKEN_MEMFD);
	if (mfd < 0)
		die("retrieve the memfd (token %d): %s", TOKEN_MEMFD,
		    strerror(errno));
	mem = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, mfd, 0);
	if (mem == MAP_FAILED)
		die("mmap memfd: %s", strerror(errno));
	h = (const struct header *)mem;
	if (h->magic != MAGIC || h->nr_dev > MAX_DEV)
		die("the memfd's header is not ours");
	mem = mmap(NULL, PAGE * (1 + 2 * h->nr_dev), PROT_READ, MAP_SHARED,
		   mfd, 0);
	if (mem == MAP_FAILED)
		die("mmap memfd: %s", strerror(errno));
	h = (const struct header *)mem;
	if (h->pci_lu) {
		struct pci_lu_info info = { .size = sizeof(info) };

		dev = retrieve(rs.fd, TOKEN_PCI_LU);
		if (dev < 0 || ioctl(dev, PCI_LU_IOCTL_GET_INFO, &info))
			die("retrieve /dev/pci-lu (token %d): %s",
			    TOKEN_PCI_LU, strerror(errno));
		say("session %s: memfd and /dev/pci-lu retrieved (%u "
		    "device(s), %u bridge(s) handed over)", name,
		    info.nr_endpoints, info.nr_bridges);
	} else {
		say("session %s: memfd retrieved (no /dev/pci-lu in it)", name);
	}
	for (i = 0; i < (int)h->nr_dev; i++) {
		const unsigned char *land = mem + PAGE * (2 + 2 * i);
		unsigned long j, same = 0, zero = 0;

		for (j = 0; j < DMA_LEN; j++) {
			same += land[j] == pattern(h, i, j);
			zero += !land[j];
		}
		/* edu's busy bit: clear once its DMA ran, landed or not */
		printf("DMA %s %s %lu/%lu bytes (RAM 0x%llx%s; edu %s)\n",
		       h->bdf[i], same == DMA_LEN ? "landed" : "lost", same,
		       DMA_LEN, (unsigned long long)h->landing_phys[i],
		       zero == DMA_LEN ? ", still zero" : "",
		       *reg(edu_bar(h->bdf[i]), REG_CMD) & CMD_RUN ?
		       "still busy" : "idle: the DMA ran");
	}
	fflush(stdout);
	if (finish) {
		if (ioctl(rs.fd, LIVEUPDATE_SESSION_FINISH, &fin))
			die("finish session %s: %s", name, strerror(errno));
		say("session %s finished", name);
	}
	if (dev >= 0)
		close(dev);
	close(mfd);
	close(rs.fd);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	if (argc >= 2 && !strcmp(argv[1], "update"))
		rc = update(argc - 1, argv + 1);
	else if (argc >= 2 && !strcmp(argv[1], "check"))
		rc = check(argc - 1, argv + 1);
	if (rc == 2)
		fprintf(stderr, "usage: %s update {-k KERNEL [-i INITRD] -c "
			"CMDLINE | -L} [-n] [-r SOCKET | -f SOCKET] BDF...\n"
			"       %s check [-N] [-s SESSION]\n", prog, prog);
	return rc;
}
