#!/usr/bin/env bats
# image-check: the preflight on fake images of every container and
# compression (pci-lu-unit mkimage) and on real kernel images of this project (the
# base test kernel with pci-lu, build/bzImage, and the same tree built
# without CONFIG_PCI_LU, build/bzImage-nolu: make kernel kernel-nolu), on
# the same kernel's payload recompressed with xz, and on images that are
# not kernels or are cut short.

setup() {
	load common
	common_setup
	KBUILD=${PCILU_BUILD:-$TOP/build}
	WITH=$KBUILD/bzImage
	WITHOUT=$KBUILD/bzImage-nolu
	[ -f "$WITH" ] || fail "no $WITH: make kernel"
	[ -f "$WITHOUT" ] || fail "no $WITHOUT: make kernel-nolu"
	# the running kernel's handover, as configfs shows it (fake-tree.bash):
	# pci-lu-format-3, luo-v5, kho-v4, memfd-v2; the test kernels hand over
	# the same
	assert_equal "$(cat "$CFS/version")" pci-lu-format-3
	IMG=$BATS_TEST_TMPDIR/img
}

# a fake image (tools/pci-lu/mkimage.c): mkimage [-u] [-p PROTO] COMP STRING...
mkimage() {
	local opts=()
	while [ "${1#-}" != "$1" ]; do
		case $1 in
		-p) opts+=("$1" "$2"); shift 2 ;;
		*) opts+=("$1"); shift ;;
		esac
	done
	"$PCI_LU_UNIT" mkimage "${opts[@]}" "$1" "$IMG" "${@:2}" || fail "mkimage $*"
}

ALL="pci-lu-format-2 pci-lu-format-3 luo-v5 kho-v4 memfd-v2"

@test "image-check: the project's kernel with pci-lu reads all it hands over: compatible, exit 0" {
	pl image-check "$WITH"
	assert_success
	assert_line "image:        $WITH (bzImage, gzip)"
	assert_line "reads:        pci-lu-format-2 pci-lu-format-3, luo-v5, kho-v4, memfd-v2"
	assert_line "this kernel:  writes pci-lu-format-3, luo-v5, kho-v4, memfd-v2"
	assert_line "compatible:   yes"
	pl -j image-check "$WITH"
	assert_success
	assert_json '.compatible == true and .verdict == "compatible"
		and .reads == ["pci-lu-format-2", "pci-lu-format-3"]
		and .abi.luo == ["luo-v5"] and .abi.kho == ["kho-v4"]
		and .abi.memfd == ["memfd-v2"]
		and .writes == "pci-lu-format-3" and .writes_from == "kernel"
		and .needs == {"pci-lu": "pci-lu-format-3", "luo": "luo-v5",
			"kho": "kho-v4", "memfd": "memfd-v2"}
		and .container == "bzImage" and .compression == "gzip"
		and .differs == [] and .why == null'
}

@test "image-check: the same tree without CONFIG_PCI_LU: incompatible (exit 6), naming pci-lu" {
	pl image-check "$WITHOUT"
	assert_failure 6
	assert_error_line "^pci-lu: image-check: $WITHOUT: incompatible: pci-lu: this kernel writes pci-lu-format-3, the image reads no pci-lu format: a live update into it would leave every LUO session unreachable$"
	assert_line "reads:        luo-v5, kho-v4, memfd-v2"
	assert_line "compatible:   no: pci-lu: this kernel writes pci-lu-format-3, the image reads no pci-lu format"
	pl -j image-check "$WITHOUT"
	assert_failure 6
	assert_json '.compatible == false and .verdict == "incompatible"
		and .reads == [] and (.differs | length) == 1'
}

@test "image-check: fake images of every compression read (gzip, xz, lzma, zstd, lz4, bzip2): compatible" {
	local c
	for c in gzip xz lzma zstd lz4 bzip2; do
		mkimage "$c" $ALL
		pl -j image-check "$IMG"
		assert_success
		assert_json ".verdict == \"compatible\" and .compression == \"$c\"
			and .reads == [\"pci-lu-format-2\", \"pci-lu-format-3\"]"
	done
}

@test "image-check: a unified kernel image is read through its .linux section" {
	mkimage -u zstd $ALL
	pl image-check "$IMG"
	assert_success
	assert_line "image:        $IMG (unified kernel image, zstd)"
	assert_line "compatible:   yes"
	# a PE file without a .linux section is no kernel image pci-lu reads
	printf 'MZ' > "$IMG"
	head -c 200 /dev/zero >> "$IMG"
	pl -j image-check "$IMG"
	assert_failure 7
	assert_json '.verdict == "unknown"'
}

@test "image-check: an image of another pci-lu record format: incompatible, naming both" {
	mkimage xz pci-lu-format-4 pci-lu-format-5 luo-v5 kho-v4 memfd-v2
	pl image-check "$IMG"
	assert_failure 6
	assert_line "compatible:   no: pci-lu: this kernel writes pci-lu-format-3, the image reads pci-lu-format-4 pci-lu-format-5"
	# pci-lu's LUO names are fixed: only the record is refused
	assert_error_line "the image reads pci-lu-format-4 pci-lu-format-5: a live update into it keeps nothing: the next kernel refuses the record and leaves the devices unprotected$"
	# a kernel of format 2 carried no format string: its FLB's name stands for it
	mkimage gzip pci-lu-flb-v2 luo-v5 kho-v4 memfd-v2
	pl -j image-check "$IMG"
	assert_failure 6
	assert_json '.reads == ["pci-lu-format-2"]'
	# and the next kernel of a format-2 kernel reads format 2 and 3
	echo "pci-lu pci-lu-format-2" > "$CFS/compatibles"
	pl -j image-check "$IMG"
	assert_success
}

@test "image-check: another LUO or KHO ABI, or none: incompatible, naming it" {
	mkimage gzip pci-lu-format-3 luo-v4 kho-v4 memfd-v2
	pl image-check "$IMG"
	assert_failure 6
	assert_error_line "incompatible: luo: this kernel writes luo-v5, the image reads luo-v4: a live update"
	mkimage gzip pci-lu-format-3 luo-v5 kho-v9 memfd-v2
	pl -j image-check "$IMG"
	assert_failure 6
	assert_json '.differs == ["kho: this kernel writes kho-v4, the image reads kho-v9"]'
	mkimage gzip pci-lu-format-3 memfd-v2
	pl -j image-check "$IMG"
	assert_failure 6
	assert_json '.differs == ["luo: this kernel writes luo-v5, the image reads no luo format",
		"kho: this kernel writes kho-v4, the image reads no kho format"]'
	mkimage gzip pci-lu-format-3 luo-v5 kho-v4 memfd-v1
	pl image-check "$IMG"
	assert_failure 6
	assert_line "compatible:   no: memfd: this kernel writes memfd-v2, the image reads memfd-v1"
	# a name is matched whole: "xluo-v5" or "luo-v5x" is not luo-v5
	mkimage gzip pci-lu-format-3 xluo-v5 luo-v5x kho-v4 memfd-v2
	pl -j image-check "$IMG"
	assert_failure 6
	assert_json '.abi.luo == []'
}

@test "image-check: no readable identity is unknown (exit 7), not an error: lzo, an old boot protocol" {
	mkimage lzo $ALL
	pl image-check "$IMG"
	assert_failure 7
	assert_error_line "^pci-lu: image-check: $IMG: unknown: bzImage payload compressed with lzo, which pci-lu cannot read \(gzip, xz, lzma, zstd, lz4, bzip2\): whether it reads this kernel's handover cannot be told$"
	assert_line "compatible:   unknown: bzImage payload compressed with lzo, which pci-lu cannot read (gzip, xz, lzma, zstd, lz4, bzip2)"
	pl -j image-check "$IMG"
	assert_failure 7
	assert_json '.verdict == "unknown" and .compatible == false
		and .container == null and .abi == null and .reads == []
		and (.why | startswith("bzImage payload compressed with lzo"))
		and .error.exit == 7'
	mkimage -p 0x207 gzip $ALL
	pl -j image-check "$IMG"
	assert_failure 7
	assert_json '.why == "bzImage boot protocol older than 2.08 (no payload fields)"'
}

@test "image-check: without configfs compatibles only pci-lu is checked; without configfs pci-lu, the tool's format" {
	rm "$CFS/compatibles"
	mkimage gzip pci-lu-format-3
	pl -j image-check "$IMG"
	assert_success
	assert_json '.needs == {"pci-lu": "pci-lu-format-3"} and .writes_from == "kernel"'
	rm -rf "$CFS"
	pl -j image-check "$WITH"
	assert_success
	assert_json '.writes == "pci-lu-format-3" and .writes_from == "tool"'
}

# the bzImage with its payload replaced: python rewrites payload_length
recompress() {
	python3 - "$1" "$2" "$3" <<'PY'
import lzma, struct, sys, zlib
src, dst, how = sys.argv[1:]
b = bytearray(open(src, 'rb').read())
setup = b[0x1f1] or 4
off = (setup + 1) * 512 + struct.unpack('<I', b[0x248:0x24c])[0]
plen = struct.unpack('<I', b[0x24c:0x250])[0]
raw = zlib.decompressobj(16 + 15).decompress(bytes(b[off:off + plen]))
if how == 'xz':
    new = lzma.compress(raw, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32)
elif how == 'cut':
    new = bytes(b[off:off + plen // 2])
else:
    raise SystemExit('how?')
b[off:off + plen] = new
struct.pack_into('<I', b, 0x24c, len(new))
open(dst, 'wb').write(b)
PY
}

@test "image-check: the real kernel's payload recompressed with xz is read too" {
	recompress "$WITH" "$BATS_TEST_TMPDIR/bz-xz" xz
	pl -j image-check "$BATS_TEST_TMPDIR/bz-xz"
	assert_success
	assert_json '.compression == "xz" and .reads == ["pci-lu-format-2", "pci-lu-format-3"]'
}

@test "image-check: a corrupt payload, a cut file, a non-kernel: unknown (exit 7) naming why; a file that cannot be read: exit 1" {
	recompress "$WITH" "$BATS_TEST_TMPDIR/bz-cut" cut
	pl image-check "$BATS_TEST_TMPDIR/bz-cut"
	assert_failure 7
	assert_error_line "^pci-lu: image-check: $BATS_TEST_TMPDIR/bz-cut: unknown: bzImage payload: gzip data is corrupt or cut short: "
	head -c 100000 "$WITH" > "$BATS_TEST_TMPDIR/bz-short"
	pl image-check "$BATS_TEST_TMPDIR/bz-short"
	assert_failure 7
	assert_error_line "unknown: bzImage cut short \(its payload lies past the end of the file\): "
	pl image-check /etc/hostname
	assert_failure 7
	assert_error_line "^pci-lu: image-check: /etc/hostname: unknown: neither a bzImage, a unified kernel image nor an ELF vmlinux: "
	pl image-check "$BATS_TEST_TMPDIR/nope"
	assert_failure 1
	assert_error_line "^pci-lu: image-check: $BATS_TEST_TMPDIR/nope: No such file or directory$"
	pl image-check "$BATS_TEST_TMPDIR"
	assert_failure 1
	assert_error_line ": not a regular file$"
}

@test "image-check: KERNEL is required and is the only argument (exit 2)" {
	pl image-check
	assert_failure 2
	pl image-check "$WITH" "$WITH"
	assert_failure 2
}
