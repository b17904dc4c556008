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
	perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		$( [ "${f%.patch}" = "$f" ] && echo -f ) "$f" > "$tmp/cp" 2>&1
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
objs="$objs drivers/pci/pci-driver.o"
# Force a rebuild of exactly these objects, then look for any diagnostic.
for o in $objs; do rm -f "$obj/$o"; done
if [ ! -x "$sparse" ]; then
	echo "sparse missing at $sparse" > "$tmp/w1"
	result FAIL "W=1 C=1 build of our objects" "$tmp/w1"
elif make -s -C "$src" O="$obj" -j2 W=1 C=1 CHECK="$sparse" $objs \
		> "$tmp/w1" 2>&1 && ! grep -qE 'warning|error|sparse' "$tmp/w1"; then
	result OK "W=1 + sparse build of:$objs"
else
	result FAIL "W=1 + sparse build of:$objs" "$tmp/w1"
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
python3 "$src/tools/docs/get_abi.py" -D "$tmp/abi" validate > "$tmp/abi.out" 2>&1
python3 "$src/tools/docs/get_abi.py" -D "$tmp/abi" rest >> "$tmp/abi.out" 2>&1
if grep -qiE 'warning|error' "$tmp/abi.out"; then
	result FAIL "get_abi.py: configfs-pci-lu" "$tmp/abi.out"
else
	result OK "get_abi.py: configfs-pci-lu"
fi

echo "1..$n"
[ "$fail" -eq 0 ]
