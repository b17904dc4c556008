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

archive_uri() {
	# deb822 sources first, then one-line sources.list
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /debian\/?$/) { print $i; exit } }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):.*debian\/?$/) { print $i; exit } }' "$f"
	done
}

if [ ! -s "$deb" ]; then
	uri=$(archive_uri | head -n 1)
	[ -n "$uri" ] || { echo "fetch-kernel: no Debian archive URI in /etc/apt" >&2; exit 1; }
	st="$cache/apt-state"
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial"
	cat > "$st/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main
SRC
	echo "fetch-kernel: fetching $pkg=$ver from sid (download only)"
	aptopts="-o Dir::Etc::SourceList=$st/sources.list -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists=$st/lists -o Dir::Cache=$st/cache \
		-o Dir::State::status=/var/lib/dpkg/status -o Debug::NoLocking=1 \
		-o APT::Get::List-Cleanup=0"
	# shellcheck disable=SC2086
	apt-get -q $aptopts update
	# shellcheck disable=SC2086
	( cd "$cache" && apt-get -q $aptopts download "$pkg=$ver" )
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
