// SPDX-License-Identifier: GPL-2.0
/*
 * Handing a LUO session fd to the process that keeps it until the kexec:
 * another process over a UNIX socket (SCM_RIGHTS), or systemd's file
 * descriptor store (sd_notify "FDSTORE=1" over $NOTIFY_SOCKET, as
 * sd_pid_notify_with_fds(3) does, followed by a "BARRIER=1" so that pci-lu
 * exits only after the service manager took the fd).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "pci-lu.h"

/* sockaddr for path; '@' at the start names an abstract socket */
static int unix_addr(const char *path, struct sockaddr_un *sa,
		     socklen_t *len)
{
	size_t n = strlen(path);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (!n || n >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memcpy(sa->sun_path, path, n);
	if (path[0] == '@')
		sa->sun_path[0] = '\0';
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			   (path[0] == '@' ? 0 : 1));
	return 0;
}

/* one message with text and, if fd >= 0, that fd as SCM_RIGHTS */
static int send_fd(int sock, const struct sockaddr_un *sa, socklen_t salen,
		   const char *text, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)text, strlen(text) };
	struct msghdr m = {
		.msg_name = (void *)sa, .msg_namelen = sa ? salen : 0,
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct cmsghdr *c;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		m.msg_control = u.buf;
		m.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	if (sendmsg(sock, &m, MSG_NOSIGNAL) != (ssize_t)iov.iov_len)
		return -errno;
	return 0;
}

int handoff_unix(const char *path, int fd, const char *text)
{
	struct sockaddr_un sa;
	socklen_t len;
	int s, e;

	e = unix_addr(path, &sa, &len);
	if (e)
		return e;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	if (connect(s, (struct sockaddr *)&sa, len))
		e = -errno;
	else
		e = send_fd(s, NULL, 0, text, fd);
	close(s);
	return e;
}

int handoff_fdstore(const char *name, int fd, int timeout_ms)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	struct pollfd pfd;
	char msg[128];
	int s, e, p[2];
	socklen_t len;

	if (!path || !*path)
		return -ENOTCONN;
	e = unix_addr(path, &sa, &len);
	if (e)
		return e;
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	snprintf(msg, sizeof(msg), "FDSTORE=1\nFDNAME=%s\n", name);
	e = send_fd(s, &sa, len, msg, fd);
	if (e)
		goto out;
	/* sd_notify_barrier(3): the manager closes our pipe's write end */
	if (pipe2(p, O_CLOEXEC)) {
		e = -errno;
		goto out;
	}
	e = send_fd(s, &sa, len, "BARRIER=1\n", p[1]);
	close(p[1]);
	if (!e) {
		pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
		e = poll(&pfd, 1, timeout_ms);
		e = e < 0 ? -errno : e == 0 ? -ETIMEDOUT : 0;
	}
	close(p[0]);
out:
	close(s);
	return e;
}
