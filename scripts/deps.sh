#!/bin/sh
# The one list of the Debian bookworm packages that the build, the tests
# (host, lint, fuzz and VM tiers), `make demo`, the docs and `make bench` need
# on top of a minimal bookworm (`debootstrap --variant=minbase`: the Essential
# and "required" packages such as coreutils, util-linux, mawk, grep, sed,
# tar, gzip, findutils and diffutils are taken as given).  scripts/fresh-root.sh
# proves the list in such a root.
#
#   scripts/deps.sh           check the list below
#   scripts/deps.sh PKG...    check these packages instead (host-only tools of
#                             a single script, e.g. debootstrap)
#
# As root: apt-get install what is missing (from the machine's own bookworm
# sources; never from sid).  Otherwise: print the command and fail.
set -eu
PKGS="
gcc make libc6-dev bc flex bison libelf-dev libssl-dev perl python3 kmod cpio
xz-utils patch rsync ccache
git
dpkg apt debian-archive-keyring ca-certificates
qemu-system-x86 busybox-static bash bats bats-support bats-assert kexec-tools
libjson-c-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev jq man-db
systemd
clang libclang-rt-14-dev
python3-docutils
"
# What needs which:
#   kernel build:  gcc make libc6-dev bc flex bison libelf-dev (objtool)
#                  libssl-dev perl python3 kmod (depmod) cpio xz-utils (the
#                  source tarball) patch (patches/); rsync (headers_install);
#                  ccache (the compiler cache outside the clone, scripts/paths.sh)
#   lint tier:     git (git ls-files), perl (checkpatch.pl: more than
#                  perl-base), python3 (kernel-doc, get_abi.py); sparse is
#                  built from sid's source (scripts/build-sparse.sh), so
#                  bookworm's sparse package is not used
#   kernel source: dpkg (dpkg-deb), apt + debian-archive-keyring (download
#                  from sid, scripts/apt-private.sh), ca-certificates (an
#                  https archive URI)
#   guest:         qemu-system-x86; busybox-static, bash, bats*, kexec-tools
#                  are copied into the initramfs (scripts/mkinitramfs.sh);
#                  gcc -static with libc6-dev for the guest helpers
#   CLI + host:    libjson-c-dev (static libjson-c.a), zlib1g-dev,
#                  liblzma-dev, libzstd-dev, liblz4-dev, libbz2-dev (static:
#                  image-check reads gzip, xz/lzma, zstd, lz4 and bzip2
#                  kernel payloads), jq, man-db (`man
#                  --warnings` checks the man page), bats*, systemd
#                  (`systemd-analyze verify` of tools/pci-lu's unit)
#   fuzz tier:     clang + libclang-rt-14-dev (libFuzzer, ASan, UBSan)
#   docs:          python3-docutils (rst2html, tests/vm/demo.bats)
#   make bench:    python3 (bench/analyze.py), jq, gcc

if [ $# -gt 0 ]; then
	PKGS=$*
fi

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
