# shellcheck shell=sh
# shellcheck disable=SC2034
# The one place that names the pinned kernel version and every build path.
# Sourced by scripts/*, tests/vm/* and the Makefile (via `scripts/paths.sh VAR`).
#
# Inputs (environment): DEBUG=1 selects the debug variant; BUILD overrides build/.

# The sourcing script sets TOP (the repository root) first.
if [ -z "${TOP:-}" ] || [ ! -f "$TOP/scripts/paths.sh" ]; then
	echo "paths.sh: TOP is not the repository root" >&2
	exit 1
fi

# Debian source package and exact version (download only, from sid)
KERNEL_PKG=linux-source-7.2
KERNEL_DEB_VERSION=7.2.13-1

: "${BUILD:=$TOP/build}"
CACHE=$BUILD/cache
PRISTINE=$BUILD/linux-pristine
KSRC=$BUILD/linux

# KVARIANT=nolu: the base kernel without pci-lu (CONFIG_PCI_LU off), the
# image a rollback would kexec into (pci-lu image-check, tests/bats/vm/rollback)
if [ "${KVARIANT:-}" = nolu ]; then
	VARIANT=nolu
	SFX=-nolu
elif [ "${DEBUG:-0}" = 1 ]; then
	VARIANT=debug
	SFX=-debug
else
	VARIANT=base
	SFX=
fi
KOBJ=$BUILD/obj$SFX
BZIMAGE=$BUILD/bzImage$SFX
BZIMAGE_NOLU=$BUILD/bzImage-nolu
MODULES=$BUILD/modules$SFX
INITRAMFS=$BUILD/initramfs$SFX.cpio.gz
ROOTFS=$BUILD/rootfs$SFX
HDR=$BUILD/usr
PCI_LU_BIN=$BUILD/pci-lu
GUEST_BIN=$BUILD/guest-bin
VMDIR=$BUILD/vm

# kernel config fragments, in merge order; missing optional ones are skipped
config_fragments() {
	echo "$TOP/configs/base.config"
	if [ "$VARIANT" = nolu ]; then
		echo "$TOP/configs/nolu.config"
		return
	fi
	[ ! -f "$TOP/configs/pci-lu.config" ] || echo "$TOP/configs/pci-lu.config"
	if [ "$VARIANT" = debug ]; then
		echo "$TOP/configs/debug.config"
		[ ! -f "$TOP/configs/pci-lu-debug.config" ] || echo "$TOP/configs/pci-lu-debug.config"
	fi
}

# Compiler cache for the kernel builds, kept OUTSIDE the clone so that a fresh
# clone on the same machine (CI's) reuses it; a fresh machine starts cold.
# PCILU_CCACHE_DIR overrides where; PCILU_CCACHE=0 turns it off.  The base
# directory is the clone's root, so ccache hashes paths relative to it and
# two clones at different places share their entries.
CCACHE_HOME=${PCILU_CCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/pci-lu/ccache}
use_ccache() {
	[ "${PCILU_CCACHE:-1}" = 1 ] && [ -x /usr/lib/ccache/gcc ] || return 0
	export PATH="/usr/lib/ccache:$PATH"
	export CCACHE_DIR="$CCACHE_HOME"
	export CCACHE_BASEDIR="$TOP"
	export CCACHE_NOHASHDIR=true
	export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-4G}"
	# the prefix maps carry the clone's absolute path; what they map to is
	# the same in every clone
	export CCACHE_IGNOREOPTIONS="-fmacro-prefix-map=* -ffile-prefix-map=* -fdebug-prefix-map=*"
	mkdir -p "$CCACHE_DIR"
}

# progress messages on stderr, one prefix per tool
say() { printf '%s: %s\n' "${PROG:-pci-lu}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# `sh scripts/paths.sh VAR` prints one of the above (used by the Makefile)
case ${0##*/} in
paths.sh) [ $# -eq 0 ] || eval "printf '%s\n' \"\${$1}\"" ;;
esac

# serialise a step against other sessions working in the same tree:
# take_lock NAME holds $BUILD/.NAME.lock (fd 9) until the script exits
take_lock() {
	mkdir -p "$BUILD"
	exec 9>"$BUILD/.$1.lock"
	if ! flock -n 9; then
		say "waiting for another $1 in this tree to finish"
		flock 9
	fi
}
