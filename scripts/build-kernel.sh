#!/bin/sh
# make kernel [DEBUG=1]: fetch the pinned Debian kernel source, prepare the
# working tree build/linux (pristine + our files + patches/), configure and
# build out of tree, install bzImage and modules under build/.
#
# Incremental by construction: files are copied only when their content
# differs, patches are re-applied only when patches/ changed (and only the
# files they touch are restored), the config is regenerated only when a
# fragment changed, and the kernel's own make is skipped when the inputs
# (version, our files, patches, config) hash the same as at this variant's
# last successful build (FORCE=1 runs it anyway).  build/linux is shared by
# both variants, so "something was copied just now" is not enough to know.
set -eu
# (one compound command: the shell parses the whole file before running it,
# so editing this script during a run cannot derail the run)
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=build-kernel
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"
take_lock "build-kernel"
JOBS=${JOBS:-2}
use_ccache

# --- 1. pristine tree --------------------------------------------------------
if [ "$(cat "$PRISTINE/.pcilu-version" 2>/dev/null)" != "$KERNEL_DEB_VERSION" ]; then
	say "extracting $KERNEL_PKG $KERNEL_DEB_VERSION into $PRISTINE"
	"$TOP/scripts/fetch-kernel.sh" "$KERNEL_PKG" "$KERNEL_DEB_VERSION" "$CACHE" "$PRISTINE"
	echo "$KERNEL_DEB_VERSION" > "$PRISTINE/.pcilu-version"
fi

# --- 2. working tree ---------------------------------------------------------
if [ "$(cat "$KSRC/.pcilu-version" 2>/dev/null)" != "$KERNEL_DEB_VERSION" ]; then
	say "creating working tree $KSRC (copy of pristine)"
	rm -rf "$KSRC" "$KSRC.tmp"
	cp -a "$PRISTINE" "$KSRC.tmp"
	rm -f "$KSRC.tmp/.pcilu-mirrored" "$KSRC.tmp/.pcilu-patches"
	mv "$KSRC.tmp" "$KSRC"
fi

# update DST from SRC when the content differs (new mtime only then)
sync_file() {
	if [ -f "$1" ]; then
		if ! cmp -s "$1" "$2"; then
			mkdir -p "$(dirname -- "$2")"
			cp "$1" "$2.pcilu-tmp" && mv "$2.pcilu-tmp" "$2"
			say "  updated ${2#"$KSRC"/}"
				fi
	elif [ -e "$2" ]; then
		rm -f "$2"
		say "  removed ${2#"$KSRC"/}"
		fi
}

# --- 3. our kernel files, mirrored over the tree ------------------------------
# Files that left the repository are restored from pristine (or deleted).
new_list=$(mktemp)
trap 'rm -f "$new_list"; rm -rf "${stage:-}"' EXIT
(cd "$TOP" && find drivers include Documentation -type f 2>/dev/null | LC_ALL=C sort) > "$new_list"
if [ -f "$KSRC/.pcilu-mirrored" ]; then
	LC_ALL=C comm -23 "$KSRC/.pcilu-mirrored" "$new_list" | while read -r f; do
		sync_file "$PRISTINE/$f" "$KSRC/$f"
	done
fi
while read -r f; do
	sync_file "$TOP/$f" "$KSRC/$f"
done < "$new_list"
cp "$new_list" "$KSRC/.pcilu-mirrored"

# --- 4. patches/ ---------------------------------------------------------------
# files a patch series touches (a/ b/ prefixes stripped, /dev/null ignored)
touched_by() {
	[ $# -gt 0 ] || return 0
	awk '/^(---|\+\+\+) / { p = $2; sub(/\t.*/, "", p)
		if (p == "/dev/null") next; sub(/^[ab]\//, "", p); print p }' "$@" | LC_ALL=C sort -u
}
set -- "$TOP"/patches/*.patch
[ -e "$1" ] || set --
phash=$( { printf '%s\n' "$@"; [ $# -eq 0 ] || cat "$@"; } | sha256sum | cut -d' ' -f1)
if [ "$(head -n 1 "$KSRC/.pcilu-patches" 2>/dev/null)" != "$phash" ]; then
	say "applying $# patch(es) from patches/"
	stage=$(mktemp -d)
	union=$(
		{ tail -n +2 "$KSRC/.pcilu-patches" 2>/dev/null || true; touched_by "$@"; } | LC_ALL=C sort -u
	)
	# stage: the touched files as they are before any patch (ours or pristine)
	for f in $union; do
		mkdir -p "$stage/$(dirname -- "$f")"
		if [ -f "$TOP/$f" ]; then cp "$TOP/$f" "$stage/$f"
		elif [ -f "$PRISTINE/$f" ]; then cp "$PRISTINE/$f" "$stage/$f"
		fi
	done
	for p in "$@"; do
		say "  ${p#"$TOP"/}"
		patch -d "$stage" -p1 --batch --forward --no-backup-if-mismatch -s < "$p" \
			|| die "patch ${p#"$TOP"/} does not apply to $KERNEL_PKG $KERNEL_DEB_VERSION"
	done
	for f in $union; do
		sync_file "$stage/$f" "$KSRC/$f"
	done
	{ echo "$phash"; touched_by "$@"; } > "$KSRC/.pcilu-patches"
fi

# --- 5. configuration -----------------------------------------------------------
frags=$(config_fragments)
# shellcheck disable=SC2086
chash=$(cat $frags | sha256sum | cut -d' ' -f1)
# The kernel without pci-lu is the base kernel less CONFIG_PCI_LU*: its
# first build starts from a copy of the base kernel's objects (timestamps
# kept), so that kbuild's per-symbol dependencies rebuild only what those
# options touch instead of the whole kernel.
if [ "$VARIANT" = nolu ] && [ ! -f "$KOBJ/.config" ] && [ -f "$BUILD/obj/.pcilu-built" ]; then
	say "seeding ${KOBJ#"$TOP"/} from the base kernel's objects (build/obj)"
	rm -rf "$KOBJ.tmp"
	cp -a "$BUILD/obj" "$KOBJ.tmp"
	rm -f "$KOBJ.tmp/.pcilu-built" "$KOBJ.tmp/.pcilu-config"
	rm -rf "$KOBJ"
	mv "$KOBJ.tmp" "$KOBJ"
fi
mkdir -p "$KOBJ"
if [ ! -f "$KOBJ/.config" ] || [ "$(cat "$KOBJ/.pcilu-config" 2>/dev/null)" != "$chash" ]; then
	say "configuring $VARIANT kernel: tinyconfig +$(for f in $frags; do printf ' %s' "${f#"$TOP"/}"; done)"
	rm -f "$KOBJ/.pcilu-config"
	make -s -C "$KSRC" O="$KOBJ" tinyconfig >/dev/null
	# shellcheck disable=SC2086
	(cd "$KSRC" && scripts/kconfig/merge_config.sh -m -O "$KOBJ" "$KOBJ/.config" $frags >/dev/null)
	make -s -C "$KSRC" O="$KOBJ" olddefconfig >/dev/null
	echo "$chash" > "$KOBJ/.pcilu-config"
fi

# every fragment line must have stuck (the last fragment naming a symbol wins)
# shellcheck disable=SC2086
awk '
	FNR == 1 { file = FILENAME; sub(/.*\//, "", file) }
	/^CONFIG_[A-Za-z0-9_]+=/ { sym = $0; sub(/=.*/, "", sym); want[sym] = $0; where[sym] = file ":" FNR; next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { sym = $2; want[sym] = "unset"; where[sym] = file ":" FNR; next }
	END {
		while ((getline line < CONFIG) > 0) {
			if (line ~ /^CONFIG_/) { s = line; sub(/=.*/, "", s); have[s] = line }
		}
		bad = 0
		for (s in want) {
			if (want[s] == "unset") {
				if (s in have && have[s] !~ /=n$/) {
					printf "build-kernel: error: %s: \"# %s is not set\" did not stick: .config has %s\n", where[s], s, have[s] > "/dev/stderr"; bad = 1
				}
			} else if (!(s in have) || have[s] != want[s]) {
				got = (s in have) ? have[s] : "no " s " line"
				printf "build-kernel: error: %s: \"%s\" did not stick: .config has %s\n", where[s], want[s], got > "/dev/stderr"; bad = 1
			}
		}
		exit bad
	}' CONFIG="$KOBJ/.config" $frags \
	|| { rm -f "$KOBJ/.pcilu-config"; die "config fragment lines did not stick (see above); check their dependencies"; }

# --- 6. build -----------------------------------------------------------------------
stamp=$KOBJ/.pcilu-built
ihash=$( {
	echo "$KERNEL_DEB_VERSION $phash $chash"
	# shellcheck disable=SC2046
	(cd "$TOP" && sha256sum $(cat "$new_list") /dev/null)
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" = "$ihash" ] && [ -f "$BZIMAGE" ] && [ "${FORCE:-0}" != 1 ]; then
	say "$VARIANT kernel up to date ($(cat "$KOBJ/include/config/kernel.release"))"
	exit 0
fi
rm -f "$stamp"
say "building $VARIANT kernel in ${KOBJ#"$TOP"/} (make -j$JOBS; cold build takes minutes)"
start=$(date +%s)
# progress: kbuild's "  CC      file" lines sampled (every 200th), anything
# else (compiler and linker diagnostics, make errors) in full
make -C "$KSRC" O="$KOBJ" -j"$JOBS" bzImage modules 2>&1 \
	| awk '/^make(\[[0-9]+\])?: (Entering|Leaving) directory|^Kernel: .* is ready/ { next }
		/^  [A-Z0-9_]+ +[^ ]/ { n++; if (n % 200 == 0) { print "  ... " n " steps, last: " $0; fflush() }; next }
		{ print; fflush() }
		END { print "  " n + 0 " steps" }' >&2
# awk hides make's status; re-run make quietly (no-op when the build succeeded) to get it
make -s -C "$KSRC" O="$KOBJ" -j"$JOBS" bzImage modules >/dev/null 2>&1 || die "kernel build failed (errors above)"
rel=$(cat "$KOBJ/include/config/kernel.release")
say "built $rel in $(( $(date +%s) - start )) s"

cp "$KOBJ/arch/x86/boot/bzImage" "$BZIMAGE.tmp" && mv "$BZIMAGE.tmp" "$BZIMAGE"
rm -rf "$MODULES"
if grep -q '^CONFIG_MODULES=y' "$KOBJ/.config"; then
	command -v depmod >/dev/null || [ -x /sbin/depmod ] || die "depmod not found: apt-get install kmod"
	make -s -C "$KSRC" O="$KOBJ" INSTALL_MOD_PATH="$MODULES" DEPMOD=/sbin/depmod modules_install
fi
mkdir -p "$MODULES"
echo "$ihash" > "$stamp"
say "installed ${BZIMAGE#"$TOP"/} and ${MODULES#"$TOP"/} ($rel)"
exit
}
