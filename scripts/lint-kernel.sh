#!/bin/sh
# Kernel-side quality gates, as TAP:
#   checkpatch --strict --no-tree on every new kernel file and every patch,
#   a W=1 + sparse (C=1) rebuild of our objects with no diagnostics,
#   kernel-doc on every non-static function, and the ABI file through
#   get_abi.py.
#
# usage: lint-kernel.sh REPO SRC OBJ SPARSE
set -u
repo=$1 src=$2 obj=$3 sparse=$4

n=0 fail=0
result() { # result OK|FAIL name [details file]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n - $2"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/#   /' "$3" | head -n 40
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$repo" || exit 1

files=$(git ls-files -co --exclude-standard drivers include | grep -E '\.[ch]$')
for f in $files patches/*.patch; do
	# a patch goes by absolute path: given "patches/x.patch" inside a git
	# work tree, checkpatch reports context lines as trailing whitespace
	case $f in
	*.patch) set -- "$repo/$f" ;;
	*) set -- -f "$f" ;;
	esac
	perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		"$@" > "$tmp/cp" 2>&1
	if grep -qE '(ERROR|WARNING|CHECK):' "$tmp/cp"; then
		result FAIL "checkpatch --strict: $f" "$tmp/cp"
	else
		result OK "checkpatch --strict: $f"
	fi
done

objs=
for f in $files; do
	case $f in drivers/*.c) objs="$objs ${f%.c}.o" ;; esac
done
# stock files our patches change: judged against their pristine selves
stock=$(sed -n 's|^+++ b/\(.*\.c\)$|\1|p' patches/*.patch | sort -u)

# bookworm's sparse is too old for 7.2 (C=1 would silently check nothing):
# build sid's once into $sparse
if [ ! -x "$sparse" ]; then
	"$repo/scripts/build-sparse.sh" "$(dirname "$sparse")/sparse-cache" "$sparse" \
		> "$tmp/sp" 2>&1 || sed 's/^/# /' "$tmp/sp"
fi

# W=1 + sparse diagnostics of OBJ... in the build tree SRC/O=OUT, one per
# line without file position, so that two trees compare
diagnostics() { # SRC OUT OBJ...
	_src=$1 _out=$2
	shift 2
	for o in "$@"; do rm -f "$_out/$o"; done
	make -s -C "$_src" O="$_out" -j2 W=1 C=1 CHECK="$sparse" "$@" 2>&1 |
		sed -E 's|^[^ ]*:[0-9]+:[0-9]+: ||' | sort
}

if [ ! -x "$sparse" ]; then
	echo "sparse missing at $sparse" > "$tmp/w1"
	result FAIL "W=1 + sparse build of our objects" "$tmp/w1"
else
	diagnostics "$src" "$obj" $objs > "$tmp/w1"
	if [ -s "$tmp/w1" ]; then
		result FAIL "W=1 + sparse: no diagnostics in:$objs" "$tmp/w1"
	else
		result OK "W=1 + sparse: no diagnostics in:$objs"
	fi
	# The same for the stock files we patch, minus what pristine 7.2 has
	pristine=$(dirname "$src")/linux-pristine
	pobj=$obj-pristine-lint
	if [ ! -f "$pobj/.config" ] || [ "$obj/.config" -nt "$pobj/.config" ]; then
		mkdir -p "$pobj"
		cp "$obj/.config" "$pobj/.config"
		make -s -C "$pristine" O="$pobj" olddefconfig prepare > "$tmp/prep" 2>&1
	fi
	for f in $stock; do
		o=${f%.c}.o
		diagnostics "$src" "$obj" "$o" > "$tmp/new"
		diagnostics "$pristine" "$pobj" "$o" > "$tmp/old"
		if comm -23 "$tmp/new" "$tmp/old" | grep . > "$tmp/w1"; then
			result FAIL "W=1 + sparse: nothing new in patched $f" "$tmp/w1"
		else
			result OK "W=1 + sparse: nothing new in patched $f ($(wc -l < "$tmp/old") pre-existing)"
		fi
	done
fi

for f in $(echo "$files" | grep '\.c$'); do
	perl "$src/scripts/kernel-doc" -none -Wall "$f" > "$tmp/kd" 2>&1
	if [ -s "$tmp/kd" ]; then
		result FAIL "kernel-doc -Wall: $f" "$tmp/kd"
	else
		result OK "kernel-doc -Wall: $f"
	fi
done

# Every non-static function has kernel-doc
missing=
for f in $(echo "$files" | grep '\.c$'); do
	for fn in $(grep -E '^[a-z][a-z0-9_ ]*[ *]+[a-z0-9_]+\(' "$f" |
		    grep -vE '^(static|__init|__exit) ' |
		    sed -E 's/^.*[ *]([a-z0-9_]+)\(.*/\1/'); do
		grep -q "^ \* $fn() - " "$f" || missing="$missing $f:$fn"
	done
done
if [ -z "$missing" ]; then
	result OK "kernel-doc on every non-static function"
else
	echo "$missing" > "$tmp/kd"
	result FAIL "kernel-doc on every non-static function" "$tmp/kd"
fi

abi=$repo/Documentation/ABI/testing/configfs-pci-lu
mkdir -p "$tmp/abi/testing"
cp "$abi" "$tmp/abi/testing/"
# get_abi.py exits 0 on warnings: they come on stderr as "[WARNING] ..."
python3 "$src/tools/docs/get_abi.py" -D "$tmp/abi" validate 2> "$tmp/abi.out" >/dev/null
python3 "$src/tools/docs/get_abi.py" -D "$tmp/abi" rest 2>> "$tmp/abi.out" >/dev/null
if [ -s "$tmp/abi.out" ]; then
	result FAIL "get_abi.py: configfs-pci-lu" "$tmp/abi.out"
else
	result OK "get_abi.py: configfs-pci-lu"
fi

echo "1..$n"
[ "$fail" -eq 0 ]
