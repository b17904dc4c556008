# shellcheck shell=sh
# A private apt state for Debian's unstable suite: download only, never
# install.  The archive URI is read from the machine's apt configuration,
# so no mirror host name lives in this repository.

apt_archive_uri() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /debian\/?$/) { print $i; exit } }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):.*debian\/?$/) { print $i; exit } }' "$f"
	done
}

# apt_private_init STATE_DIR deb|deb-src
apt_private_init() {
	APT_PRIVATE_DIR=$1
	uri=$(apt_archive_uri | head -n 1)
	[ -n "$uri" ] || { echo "apt-private: no Debian archive URI in /etc/apt" >&2; return 1; }
	mkdir -p "$APT_PRIVATE_DIR/lists/partial" "$APT_PRIVATE_DIR/cache/archives/partial"
	echo "$2 [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" \
		> "$APT_PRIVATE_DIR/sources.list"
	if ! ls "$APT_PRIVATE_DIR"/lists/*_InRelease >/dev/null 2>&1; then
		apt_private update -q >/dev/null
	fi
}

# sid's Release file is valid for a week only; a mirror that lags (or a
# snapshot the machine is pinned to) serves one past its Valid-Until, and apt
# then refuses the whole suite.  The signature is still checked, and what we
# take is pinned to an exact version whose hash the signed index gives, so a
# stale index cannot hand us anything else: do not check the date.
apt_private() {
	apt-get -o Dir::Etc::SourceList="$APT_PRIVATE_DIR/sources.list" \
		-o Acquire::Check-Valid-Until=false \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APT_PRIVATE_DIR/lists" \
		-o Dir::Cache="$APT_PRIVATE_DIR/cache" \
		-o Debug::NoLocking=1 "$@"
}
