#!/usr/bin/python3
# Stand-in for the receiving end of a session fd hand-off (host tier):
#   notify-standin.py notify SOCKET [hold]   systemd's $NOTIFY_SOCKET: takes
#       one FDSTORE=1 datagram with its fd, then one BARRIER=1 with its pipe
#       fd, which it closes (with "hold": keeps it open, as a manager that
#       never answers); prints what it got
#   notify-standin.py stream SOCKET          a process taking a fd over a UNIX
#       stream socket (pci-lu preserve --send-to)
# Prints one line per message: the text (newlines as \n), the number of fds
# and the inode of the first one, so the test can check it is the fd sent.
import os
import socket
import sys
import time

mode, path = sys.argv[1], sys.argv[2]
hold = len(sys.argv) > 3 and sys.argv[3] == "hold"
kind = socket.SOCK_DGRAM if mode == "notify" else socket.SOCK_STREAM
s = socket.socket(socket.AF_UNIX, kind)
s.settimeout(10)  # a sender that never comes fails the test, not hangs it
abstract = path.startswith("@")  # '@name': Linux abstract namespace
s.bind("\0" + path[1:] if abstract else path + ".new")
if mode == "stream":
    s.listen(1)
if abstract:
    print("listening", flush=True)
else:
    os.rename(path + ".new", path)
src = s.accept()[0] if mode == "stream" else s
src.settimeout(10)


def show(msg, fds):
    ino = os.fstat(fds[0]).st_ino if fds else "-"
    print("%s fds=%d ino=%s" % (msg.decode().replace("\n", "\\n"), len(fds), ino),
          flush=True)


msg, fds, _, _ = socket.recv_fds(src, 1024, 4)
show(msg, fds)
if mode == "notify":
    msg, fds, _, _ = socket.recv_fds(src, 1024, 4)
    show(msg, fds)
    if hold:
        time.sleep(3)
    for fd in fds:
        os.close(fd)
