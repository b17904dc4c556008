#!/bin/bash
# Build the libFuzzer harness for the pci-lu CLI's argument and BDF parsing:
#   tests/fuzz/build.sh OUTDIR KHDR      -> OUTDIR/fuzz_cli
# (also: make -C tools/pci-lu fuzz).  clang with -fsanitize=fuzzer,address,
# undefined; main.c is built with -Dmain=pcilu_main, the commands are stubs
# (fuzz_cli.c), bdf.c, errmap.c, status.c, output.c and paths.c are the
# real ones.
set -eu
here=$(cd "$(dirname -- "$0")" && pwd)
src=$here/../../tools/pci-lu
out=${1:?OUTDIR}
khdr=${2:?KHDR}
CLANG=${CLANG:-$(command -v clang-14 || command -v clang)}
mkdir -p "$out"
# shellcheck disable=SC2054  # the commas are clang syntax
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-fno-omit-frame-pointer -std=gnu11 -D_GNU_SOURCE -DPCI_LU_TOOL_VERSION='"fuzz"'
	-I "$src" -isystem "$khdr" -Wall -Wno-unused-parameter)
"$CLANG" "${flags[@]}" -Dmain=pcilu_main -o "$out/fuzz_cli" \
	"$here/fuzz_cli.c" "$src/main.c" "$src/bdf.c" "$src/errmap.c" \
	"$src/status.c" "$src/output.c" "$src/paths.c" -ljson-c
