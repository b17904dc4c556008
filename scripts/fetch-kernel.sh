#!/bin/sh
# Download Debian's linux-source package (download only, never installed) and
# extract a pristine tree.  The archive URI is taken from the machine's own
# apt configuration; no mirror host name lives in this repository.
#
# usage: fetch-kernel.sh PKG VERSION CACHE_DIR OUT_TREE
set -eu
pkg=$1 ver=$2 out=$4
mkdir -p "$3"
cache=$(cd "$3" && pwd)
deb="$cache/${pkg}_${ver}_all.deb"

if [ ! -s "$deb" ]; then
	# shellcheck source=scripts/apt-private.sh
	. "$(dirname "$0")/apt-private.sh"
	apt_private_init "$cache/apt-state" deb
	echo "fetch-kernel: fetching $pkg=$ver from sid (download only)"
	if ! (cd "$cache" && apt_private -q download "$pkg=$ver"); then
		# sid moves on: a newer 7.2.x still takes the same patches
		apt_private -q update
		echo "fetch-kernel: $pkg=$ver is gone from sid; taking its current $pkg" >&2
		(cd "$cache" && apt_private -q download "$pkg")
		# the newest download: Debian file names, no odd characters
		# shellcheck disable=SC2012
		deb=$(ls -t "$cache/${pkg}"_*_all.deb | head -n 1)
	fi
	[ -s "$deb" ] || { echo "fetch-kernel: $deb not downloaded" >&2; exit 1; }
fi

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out.tmp" --wildcards '*/linux-source-*.tar.xz'
tarball=$(ls "$out.tmp"/usr/src/linux-source-*.tar.xz)
tar -xJf "$tarball" -C "$out.tmp"
rm -f "$tarball"
src=$(ls -d "$out.tmp"/linux-source-*)
rm -rf "$out"
mv "$src" "$out"
rm -rf "$out.tmp"
echo "fetch-kernel: pristine tree in $out"
