#!/bin/sh
# make initramfs [DEBUG=1]: the guest root filesystem for the VM tests.
#
#   /init                    tests/vm/init (busybox sh, PID 1)
#   /bin/busybox + applets   busybox-static
#   /bin/bash + libs         bats needs bash
#   /usr/lib/bats-core, /usr/libexec/bats-core, /usr/bin/bats, /usr/lib/bats/*
#   /usr/sbin/kexec + libs   kexec-tools (stock kexec_file_load path)
#   /usr/bin/pci-lu          build/pci-lu, when it exists
#   /usr/bin/pci-lu-agent    build/pci-lu-agent (tools/pci-lu/examples), likewise
#   /usr/bin/{edu-dma,pcilu-mark,pcilu-exit}   tests/vm/*.c
#   /lib/modules/<release>   build/modules[-debug]
#   /tests/bats/vm           tests/bats/vm
#   /boot/bzImage            the kernel itself, for kexec inside the guest
#   /boot/bzImage-nolu       the base kernel without pci-lu, if built
#   /etc/pcilu/{kernelrelease,utsversion,variant}   what the guest must be running
set -eu
# (one compound command: the shell parses the whole file before running it,
# so editing this script during a run cannot derail the run)
{
TOP=$(cd "$(dirname -- "$0")/.." && pwd)
PROG=mkinitramfs
# shellcheck source=scripts/paths.sh
. "$TOP/scripts/paths.sh"
take_lock "mkinitramfs$SFX"

[ -f "$BZIMAGE" ] || die "$BZIMAGE missing: make kernel${DEBUG:+ DEBUG=$DEBUG}"
R=$ROOTFS
rm -rf "$R"
mkdir -p "$R"/bin "$R"/sbin "$R"/usr/bin "$R"/usr/sbin "$R"/usr/lib "$R"/usr/libexec \
	"$R"/lib "$R"/lib64 "$R"/proc "$R"/sys "$R"/dev "$R"/tmp "$R"/run "$R"/root \
	"$R"/boot "$R"/etc/pcilu "$R"/tests/bats "$R"/var/pcilu

# copy a file to the same path in the rootfs, resolving symlinks
put() { mkdir -p "$R$(dirname -- "$1")"; cp -L "$1" "$R$1"; }

# a dynamic executable and the shared libraries ldd names for it
put_exe() {
	put "$1"
	ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r lib; do
		[ -e "$R$lib" ] || put "$lib"
	done
}

# busybox and its applets (links only where no real file is installed)
BB=/bin/busybox
[ -x "$BB" ] || die "$BB missing: apt-get install busybox-static"
cp "$BB" "$R/bin/busybox"
"$BB" --list-full | while read -r a; do
	[ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"
done

# bash (bats), kexec-tools
put_exe /bin/bash
put_exe "$(command -v kexec || echo /usr/sbin/kexec)"

# bats-core and the Debian helper libraries
for d in /usr/lib/bats-core /usr/libexec/bats-core /usr/lib/bats; do
	[ -d "$d" ] || die "$d missing: apt-get install bats bats-support bats-assert"
	mkdir -p "$R$(dirname -- "$d")"
	cp -a "$d" "$R$d"
done
rm -f "$R/usr/bin/bats"
cp -a /usr/bin/bats "$R/usr/bin/bats"

# our binaries
for b in edu-dma pcilu-mark pcilu-exit pcilu-try pcilu-preserve-loop; do
	[ -x "$GUEST_BIN/$b" ] || die "$GUEST_BIN/$b missing: make guest"
	cp "$GUEST_BIN/$b" "$R/usr/bin/$b"
done
if [ -x "$PCI_LU_BIN" ]; then
	rm -f "$R/usr/bin/pci-lu"
	cp "$PCI_LU_BIN" "$R/usr/bin/pci-lu"
	# and what `make install` lays out (the systemd unit whose commands
	# the apply-boot scenario runs at boot, man page, completion, example)
	"${MAKE:-make}" -s -C "$TOP/tools/pci-lu" O="$BUILD" KHDR="$HDR/include" \
		install DESTDIR="$R" PREFIX=/usr
fi
# the example live update agent (tools/pci-lu/examples), built with pci-lu
if [ -x "$BUILD/pci-lu-agent" ]; then
	cp "$BUILD/pci-lu-agent" "$R/usr/bin/pci-lu-agent"
fi

# the kernel, its modules and what it must report
cp "$BZIMAGE" "$R/boot/bzImage"
# the kernel without pci-lu (make kernel-nolu), the rollback target of
# tests/bats/vm/rollback; pcilu-next-initrd leaves it out of later stages
rm -f "$R/boot/bzImage-nolu"
[ ! -f "$BZIMAGE_NOLU" ] || cp "$BZIMAGE_NOLU" "$R/boot/bzImage-nolu"
[ ! -d "$MODULES/lib/modules" ] || cp -a "$MODULES/lib/modules" "$R/lib/"
cp "$KOBJ/include/config/kernel.release" "$R/etc/pcilu/kernelrelease"
sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' "$KOBJ/include/generated/utsversion.h" > "$R/etc/pcilu/utsversion"
echo "$VARIANT" > "$R/etc/pcilu/variant"

# tests and init
cp -a "$TOP/tests/bats/vm" "$R/tests/bats/vm"
cp "$TOP/tests/vm/init" "$R/init"
cp "$TOP/tests/vm/pcilu-next-initrd" "$R/usr/bin/pcilu-next-initrd"
chmod 755 "$R/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
echo 'root:x:0:' > "$R/etc/group"

(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$INITRAMFS.tmp"
mv "$INITRAMFS.tmp" "$INITRAMFS"
say "${INITRAMFS#"$TOP"/}: $(du -k "$INITRAMFS" | cut -f1) KiB ($VARIANT, $(cat "$R/etc/pcilu/kernelrelease"))"
exit
}
