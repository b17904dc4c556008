#!/bin/sh
# Build sparse from Debian's unstable source package.  Bookworm's sparse
# (0.6.4) fails the kernel's checker-valid.sh test (__typeof_unqual__), so
# `make C=1` would silently check nothing.  The source is downloaded only
# (never installed), through a private apt state that reuses the archive
# URI from the machine's own apt configuration.
#
# usage: build-sparse.sh CACHE_DIR OUT_BINARY
set -eu
mkdir -p "$1"
cache=$(cd "$1" && pwd)
out=$2
here=$(cd "$(dirname "$0")" && pwd)

[ -x "$out" ] && exit 0

# shellcheck source=scripts/apt-private.sh
. "$here/apt-private.sh"
apt_private_init "$cache/apt-src" deb-src

if ! ls "$cache"/sparse_*.orig.tar.* >/dev/null 2>&1; then
	echo "build-sparse: fetching sparse source from sid (download only)"
	(cd "$cache" && apt_private source --download-only sparse)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$(ls "$cache"/sparse_*.orig.tar.* | head -n 1)" -C "$work"
src=$(ls -d "$work"/sparse-*)
make -s -C "$src" -j2 sparse >/dev/null
mkdir -p "$(dirname "$out")"
cp "$src/sparse" "$out"
echo "build-sparse: $("$out" --version) -> $out"
