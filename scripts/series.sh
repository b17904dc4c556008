#!/bin/sh
# make series: the whole feature as a git format-patch series against the
# pristine kernel, in build/series/:
#
#   0000-cover-letter.patch ... NNNN-*.patch   the series (cover letter from
#                                              patches/cover-letter)
#   series.log                                 what was checked, per patch
#
# Patch N of the series is patches/N-*.patch (its message and its edits of
# stock files) plus the new files that patches/new-files assigns to N, taken
# from this repository.  Author, committer and Signed-off-by are the
# `git config user.name`/`user.email` of whoever runs it.  Then, per patch:
# checkpatch --strict on the generated patch, and (SERIES_BUILD=1, the
# default) the tree up to that patch is built (bzImage, tinyconfig + the
# config fragments of the base kernel) and must build without a warning.
#
# The base is a git repository of the pristine tree in build/series-src
# (made once); the builds go to build/obj-series (the first one is cold).
set -eu
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=series
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"
take_lock series
JOBS=${JOBS:-2}
use_ccache
SERIES_BUILD=${SERIES_BUILD:-1}
OUT=$BUILD/series
SRC=$BUILD/series-src
SOBJ=$BUILD/obj-series
MAP=$TOP/patches/new-files
COVER=$TOP/patches/cover-letter

name=$(git -C "$TOP" config user.name || true)
email=$(git -C "$TOP" config user.email || true)
if [ -z "$name" ] || [ -z "$email" ]; then
	die "git config user.name and user.email are not set: the series is authored and signed off by whoever runs make series"
fi
[ -f "$KSRC/.pcilu-mirrored" ] || die "no kernel tree in ${KSRC#"$TOP"/}: run make kernel"
ident() { git -C "$SRC" -c user.name="$name" -c user.email="$email" "$@"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- 1. every new file is assigned to exactly one patch ----------------------
sed -e 's/#.*//' -e 's/^[0-9]*://' "$MAP" | tr -s ' \t' '\n' | grep . | LC_ALL=C sort > "$tmp/listed"
dups=$(uniq -d "$tmp/listed")
[ -z "$dups" ] || die "patches/new-files lists twice: $dups"
(cd "$TOP" && git ls-files -co --exclude-standard drivers include Documentation |
	while read -r f; do [ ! -f "$f" ] || echo "$f"; done) | LC_ALL=C sort -u > "$tmp/ours"
while read -r f; do
	[ ! -e "$PRISTINE/$f" ] || die "$f exists in the pristine tree: change it with a patch in patches/"
done < "$tmp/ours"
missing=$(LC_ALL=C comm -23 "$tmp/ours" "$tmp/listed")
extra=$(LC_ALL=C comm -13 "$tmp/ours" "$tmp/listed")
[ -z "$missing" ] || die "in no patch of patches/new-files: $missing"
[ -z "$extra" ] || die "patches/new-files lists files this repository does not have: $extra"

# --- 2. the base: a git repository of the pristine tree ----------------------
if ! git -C "$SRC" rev-parse -q --verify refs/tags/pristine >/dev/null 2>&1; then
	say "making $SRC, a git repository of the pristine tree (once; takes a minute or two)"
	rm -rf "$SRC"
	cp -a "$PRISTINE" "$SRC"
	rm -f "$SRC/.pcilu-version"
	git -C "$SRC" init -q
	git -C "$SRC" config gc.auto 0   # no repack of the whole tree in the background
	git -C "$SRC" add -A -f   # Debian's .gitignore ignores the whole top level
	git -C "$SRC" -c user.name=pristine -c user.email=pristine@localhost \
		commit -q -m "Linux $KERNEL_DEB_VERSION ($KERNEL_PKG)"
	git -C "$SRC" tag pristine
fi
git -C "$SRC" checkout -q -f -B pci-lu pristine
git -C "$SRC" clean -q -fdx

# --- 3. one commit per patches/*.patch ----------------------------------------
n=0
for p in "$TOP"/patches/[0-9]*.patch; do
	n=$((n + 1))
	key=${p##*/}
	key=${key%%-*}
	git -C "$SRC" mailinfo "$tmp/msg" "$tmp/diff" < "$p" > "$tmp/info"
	subject=$(sed -n 's/^Subject: //p' "$tmp/info")
	[ -n "$subject" ] || die "${p#"$TOP"/}: no subject"
	{
		echo "$subject"
		echo
		grep -v '^Signed-off-by: ' "$tmp/msg" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	} > "$tmp/commit-msg"
	[ ! -s "$tmp/diff" ] || git -C "$SRC" apply --index "$tmp/diff" ||
		die "${p#"$TOP"/} does not apply at patch $n"
	# shellcheck disable=SC2013 # file names, one word each
	for f in $(sed -n "s/^$key://p" "$MAP"); do
		mkdir -p "$SRC/$(dirname -- "$f")"
		cp "$TOP/$f" "$SRC/$f"
		git -C "$SRC" add -f -- "$f"
	done
	ident commit -q -s -F "$tmp/commit-msg"
done
say "$n commits on pristine $KERNEL_DEB_VERSION in ${SRC#"$TOP"/}"

# the series ends where make kernel's tree is (the Makefile runs make kernel
# first): it holds the whole feature
for f in $(git -C "$SRC" diff --name-only pristine pci-lu); do
	cmp -s "$SRC/$f" "$KSRC/$f" || die "$f: the series and build/linux differ (run make kernel, check patches/new-files)"
done

# --- 4. the series ------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
ident format-patch -q --cover-letter --thread=shallow -o "$OUT" pristine..pci-lu
cl=$OUT/0000-cover-letter.patch
csubj=$(sed -n '1p' "$COVER")
sed -n '3,$p' "$COVER" > "$tmp/blurb"
awk -v subj="$csubj" -v blurb="$tmp/blurb" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
	{ print }' "$cl" > "$tmp/cl" && mv "$tmp/cl" "$cl"

LOG=$OUT/series.log
{
	echo "series: $n patches against $KERNEL_PKG $KERNEL_DEB_VERSION (pristine), by $name <$email>"
	echo "base: $(git -C "$SRC" rev-parse pristine) head: $(git -C "$SRC" rev-parse pci-lu)"
} > "$LOG"

# --- 5. checkpatch --strict, and a build, after every patch -------------------
fail=0
i=0
for f in "$OUT"/[0-9][0-9][0-9][0-9]-*.patch; do
	case $f in */0000-cover-letter.patch) continue ;; esac
	i=$((i + 1))
	perl "$SRC/scripts/checkpatch.pl" --strict --terse --show-types --root="$SRC" "$f" \
		> "$tmp/cp" 2>&1 || true
	e=$(grep -c ': ERROR:' "$tmp/cp" || true)
	w=$(grep -c ': WARNING:' "$tmp/cp" || true)
	c=$(grep -c ': CHECK:' "$tmp/cp" || true)
	line="patch $i/$n ${f##*/}: checkpatch --strict errors=$e warnings=$w checks=$c"
	[ $((e + w + c)) -eq 0 ] || { fail=1; sed 's/^/    /' "$tmp/cp" >> "$LOG"; }
	if [ "$SERIES_BUILD" = 1 ]; then
		git -C "$SRC" checkout -q -f "pci-lu~$((n - i))"
		if [ ! -f "$SOBJ/.config" ]; then
			mkdir -p "$SOBJ"
			make -s -C "$SRC" O="$SOBJ" tinyconfig >/dev/null
			# shellcheck disable=SC2046
			(cd "$SRC" && scripts/kconfig/merge_config.sh -m -O "$SOBJ" "$SOBJ/.config" \
				$(config_fragments) >/dev/null)
			cp "$SOBJ/.config" "$SOBJ/.config-series-base"
		fi
		# the same fragments at every patch; options a patch does not have yet drop out
		cp "$SOBJ/.config-series-base" "$SOBJ/.config"
		make -s -C "$SRC" O="$SOBJ" olddefconfig >/dev/null 2>&1
		lu=$(grep -c '^CONFIG_PCI_LU[A-Z_]*=[ym]' "$SOBJ/.config" || true)
		say "patch $i/$n: building bzImage (CONFIG_PCI_LU*: $lu set)"
		start=$(date +%s)
		if make -C "$SRC" O="$SOBJ" -j"$JOBS" bzImage > "$tmp/build" 2>&1; then
			b=ok
		else
			b=FAILED
			fail=1
		fi
		bw=$(grep -c 'warning:' "$tmp/build" || true)
		[ "$bw" -eq 0 ] || fail=1
		line="$line; bzImage $b, warnings=$bw, PCI_LU options set=$lu, $(( $(date +%s) - start )) s"
		if [ "$b" != ok ] || [ "$bw" -ne 0 ]; then
			grep -E 'warning:|error:|Error ' "$tmp/build" | head -n 20 | sed 's/^/    /' >> "$LOG"
		fi
	fi
	echo "$line" >> "$LOG"
	say "$line"
done
git -C "$SRC" checkout -q -f pci-lu
if [ "$fail" -eq 0 ]; then
	echo "result: every patch passed" >> "$LOG"
else
	echo "result: FAILED (see above)" >> "$LOG"
fi
cat "$LOG"
[ "$fail" -eq 0 ]
exit
}
