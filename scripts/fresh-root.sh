#!/bin/bash
# make fresh-check: prove the README's two commands the way a new user meets
# them.  A minimal Debian bookworm (`debootstrap --variant=minbase`) in a
# directory, only git and make added, a git clone of this repository's HEAD
# commit in it, then `make demo` and `make check` there (CI=true, no stdin,
# a clean environment), each timed, with its exit status and closing line.
# Nothing else is installed by hand: whatever the build and the tests lack,
# scripts/deps.sh must bring.  Not part of `make check` (a cold run builds two
# kernels: 30-60 min on 2 cores).
#
#   scripts/fresh-root.sh [DIR]        (as root; default DIR: build/fresh)
#
# DIR/root is the chroot (removed and made anew on every run), DIR/*.log the
# logs, DIR/summary the results.  The archive URI is the one the machine's
# apt is configured with (as for the kernel source).  The chroot gets proc,
# sysfs, /dev (bind), /dev/pts and a /dev/shm tmpfs; all unmounted on exit.
#
# Environment (for iterating, not for the proof):
#   FRESH_TARGETS   make targets to run in turn (default "demo check")
#   FRESH_REUSE=1   keep an existing DIR/root (skip debootstrap and the
#                   apt-get of git and make) and its clone with its build/
#                   (moved to HEAD); the summary says so
set -eu
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=fresh-root
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
dir=${1:-$BUILD/fresh}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/root
targets=${FRESH_TARGETS:-demo check}
reuse=${FRESH_REUSE:-0}
summary=$dir/summary
clone=/srv/pci-lu

commit=$(git -C "$TOP" rev-parse HEAD)
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no)" ] ||
	say "note: uncommitted changes are not part of the proof (it clones $commit)"

# host-only tool of this script
"$TOP/scripts/deps.sh" debootstrap

# mount points under $root, deepest first (from the kernel's mount table)
mounts_under() {
	awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}
umount_all() {
	local m
	for m in $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}
trap umount_all EXIT
trap 'exit 130' INT TERM

umount_all
[ -z "$(mounts_under)" ] || die "still mounted under $root: $(mounts_under | tr '\n' ' ')"

: > "$summary"
note() { say "$*"; echo "$*" >> "$summary"; }
note "commit $commit ($(git -C "$TOP" log -1 --format=%s "$commit"))"
note "root $root; started $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(nproc) CPUs"

# ---- a minimal bookworm, plus git and make ----------------------------------------
if [ "$reuse" = 1 ] && [ -x "$root/usr/bin/make" ] && [ -x "$root/usr/bin/git" ]; then
	note "FRESH_REUSE=1: reusing the existing root (not a proof of a fresh machine)"
else
	# shellcheck source=scripts/apt-private.sh
	. "$TOP/scripts/apt-private.sh"
	uri=$(apt_archive_uri | head -n 1)
	[ -n "$uri" ] || die "no Debian archive URI in /etc/apt"
	rm -rf --one-file-system "$root"
	say "debootstrap --variant=minbase bookworm (log: ${dir#"$TOP"/}/debootstrap.log)"
	t0=$(date +%s)
	debootstrap --variant=minbase bookworm "$root" "$uri" > "$dir/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
	note "debootstrap: $(( $(date +%s) - t0 )) s, $(chroot "$root" dpkg-query -W | wc -l) packages"
fi

mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"

# run a command in the root: clean environment, no stdin
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CI=true \
		DEBIAN_FRONTEND=noninteractive "$@" </dev/null
}

if [ "$reuse" != 1 ] || ! [ -x "$root/usr/bin/make" ]; then
	say "apt-get install git make (log: ${dir#"$TOP"/}/apt.log)"
	t0=$(date +%s)
	{ in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends git make; } \
		> "$dir/apt.log" 2>&1 || { tail -n 20 "$dir/apt.log" >&2; die "apt-get install git make failed"; }
	note "apt-get install git make: $(( $(date +%s) - t0 )) s; $(in_root dpkg-query -W | wc -l) packages in the root"
fi

# ---- a clone of HEAD ---------------------------------------------------------------
rm -f "$root/tmp/pci-lu.bundle"
git -C "$TOP" bundle create "$root/tmp/pci-lu.bundle" HEAD 2> "$dir/clone.log"
if [ "$reuse" = 1 ] && [ -d "$root$clone/.git" ]; then
	# iterating: the clone moves to the new commit, its build/ stays
	if ! { in_root git -C "$clone" fetch -q /tmp/pci-lu.bundle HEAD &&
		in_root git -C "$clone" checkout -q --detach FETCH_HEAD; } >> "$dir/clone.log" 2>&1; then
		cat "$dir/clone.log" >&2
		die "git fetch in the root failed"
	fi
else
	rm -rf "${root:?}$clone"
	in_root git -c advice.detachedHead=false clone -q /tmp/pci-lu.bundle "$clone" >> "$dir/clone.log" 2>&1 ||
		{ cat "$dir/clone.log" >&2; die "git clone in the root failed"; }
fi
rm -f "$root/tmp/pci-lu.bundle"
got=$(in_root git -C "$clone" rev-parse HEAD)
[ "$got" = "$commit" ] || die "the clone is at $got, not $commit"
note "cloned $commit into $clone"

# ---- the README's commands ---------------------------------------------------------
status=0
for t in $targets; do
	log=$dir/make-$t.log
	say "make $t in the root (log: ${log#"$TOP"/})"
	t0=$(date +%s)
	rc=0
	in_root bash -c "cd $clone && exec make $t" > "$log" 2>&1 || rc=$?
	secs=$(( $(date +%s) - t0 ))
	[ "$rc" = 0 ] || status=1
	# the target's own closing line (make's "*** Error" lines come after it)
	last=$(grep -v '^make: \*\*\*' "$log" | tail -n 1)
	note "make $t: exit $rc, $secs s ($((secs / 60)) min $((secs % 60)) s); closing line: $last"
done
note "packages in the root at the end: $(in_root dpkg-query -W | wc -l)"
note "finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'); summary in ${summary#"$TOP"/}"
exit "$status"
}
