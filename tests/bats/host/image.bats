#!/usr/bin/env bats
# image-check: the preflight on real kernel images of this project (the
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
	# the running kernel's format, as configfs shows it
	echo pci-lu-v1 > "$CFS/version"
}

INCOMPAT="incompatible: it reads no pci-lu handover format, this kernel writes pci-lu-v1: a live update into it would leave every LUO session unreachable \(--force to kexec anyway\)"

@test "image-check: the project's kernel with pci-lu reads pci-lu-v1: compatible, exit 0" {
	pl image-check "$WITH"
	assert_success
	assert_line "image:        $WITH (gzip)"
	assert_line "reads:        pci-lu-v1"
	assert_line "this kernel:  writes pci-lu-v1"
	assert_line "compatible:   yes"
	pl -j image-check "$WITH"
	assert_success
	assert_json '.compatible == true and .reads == ["pci-lu-v1"]
		and .writes == "pci-lu-v1" and .writes_from == "kernel"
		and .compression == "gzip"'
}

@test "image-check: the same tree without CONFIG_PCI_LU: incompatible, exit 6" {
	pl image-check "$WITHOUT"
	assert_failure 6
	assert_error_line "^pci-lu: image-check: $WITHOUT: $INCOMPAT$"
	assert_line "reads:        no pci-lu handover format"
	assert_line "compatible:   no"
	pl -j image-check "$WITHOUT"
	assert_failure 6
	assert_json '.compatible == false and .reads == []'
}

@test "image-check: a kernel that writes another format than the image reads: incompatible" {
	echo pci-lu-v2 > "$CFS/version"
	pl image-check "$WITH"
	assert_failure 6
	assert_error_line "^pci-lu: image-check: $WITH: incompatible: it reads other pci-lu handover formats, this kernel writes pci-lu-v2: "
	assert_line "reads:        pci-lu-v1"
}

@test "image-check: without configfs pci-lu the tool's own format is the one checked" {
	rm -rf "$CFS"
	pl -j image-check "$WITH"
	assert_success
	assert_json '.writes == "pci-lu-v1" and .writes_from == "tool"'
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

@test "image-check: an xz payload is read too" {
	recompress "$WITH" "$BATS_TEST_TMPDIR/bz-xz" xz
	pl -j image-check "$BATS_TEST_TMPDIR/bz-xz"
	assert_success
	assert_json '.compression == "xz" and .reads == ["pci-lu-v1"]'
}

@test "image-check: a corrupt payload, a cut file, a non-kernel: exit 1 naming why" {
	recompress "$WITH" "$BATS_TEST_TMPDIR/bz-cut" cut
	pl image-check "$BATS_TEST_TMPDIR/bz-cut"
	assert_failure 1
	assert_error_line "^pci-lu: image-check: $BATS_TEST_TMPDIR/bz-cut: bzImage payload: gzip data is corrupt or cut short$"
	head -c 100000 "$WITH" > "$BATS_TEST_TMPDIR/bz-short"
	pl image-check "$BATS_TEST_TMPDIR/bz-short"
	assert_failure 1
	assert_error_line "bzImage cut short \(its payload lies past the end of the file\)$"
	pl image-check /etc/hostname
	assert_failure 1
	assert_error_line "^pci-lu: image-check: /etc/hostname: neither a bzImage nor an ELF vmlinux$"
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
