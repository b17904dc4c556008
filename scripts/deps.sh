#!/bin/sh
# Make sure the Debian bookworm packages the build and the tests need are
# installed.  As root: apt-get install what is missing (from the machine's own
# bookworm sources; never from sid).  Otherwise: print the command and fail.
set -eu
PKGS="gcc make libc6-dev bc flex bison libelf-dev libssl-dev kmod cpio xz-utils
patch dpkg apt debian-archive-keyring rsync
qemu-system-x86 busybox-static bats bats-support bats-assert kexec-tools
libjson-c-dev zlib1g-dev liblzma-dev libzstd-dev jq sparse python3-docutils clang libclang-rt-14-dev"

missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $st in ii*) ;; *) missing="$missing $p" ;; esac
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages; as root run:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing </dev/null \
	|| { apt-get update -q </dev/null && apt-get install -y -q --no-install-recommends $missing </dev/null; }
