# pci-lu: PCI devices that keep DMA running across a Linux live update.
#
#   make demo      opt a device in, pci-lu kexec in QEMU, show DMA survived (QEMU trace table)
#   make check     host + lint + VM tests, base and debug kernels ("N passed, N failed, N skipped" last)
#   make series    the feature as a git format-patch series in build/series/, every patch built
#
# Paths and the pinned Debian kernel version live in scripts/paths.sh; the
# QEMU command line lives in tests/vm/run.  DEBUG=1 selects the debug kernel
# (KASAN, lockdep, kmemleak) everywhere: make kernel DEBUG=1, make check DEBUG=1.

TOP   := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
DEBUG ?= 0
export DEBUG

CC       ?= gcc
paths = $(shell TOP=$(TOP) DEBUG=$(DEBUG) sh $(TOP)/scripts/paths.sh $(1))
BUILD := $(call paths,BUILD)
KSRC := $(call paths,KSRC)
KOBJ := $(call paths,KOBJ)
HDR  := $(call paths,HDR)
GUEST_BIN := $(call paths,GUEST_BIN)

GUEST_CFLAGS := -static -O2 -Wall -Wextra -Werror
GUEST_HELPERS := edu-dma pcilu-mark pcilu-exit pcilu-try pcilu-preserve-loop

.PHONY: all deps kernel kernel-nolu headers tools install guest initramfs check check-debug check-host check-vm lint \
	vm demo fresh-check shellcheck clean distclean help

all: initramfs

help:
	@sed -n '2,10s/^# \{0,1\}//p' $(TOP)/Makefile

# missing packages: installed with apt as root (bookworm only), listed otherwise
deps:
	@$(TOP)/scripts/deps.sh

# build/bzImage[-debug] and build/modules[-debug]
kernel: deps
	@$(TOP)/scripts/build-kernel.sh

# build/bzImage-nolu: the base kernel without pci-lu (a rollback target, for
# pci-lu image-check and tests/bats/vm/rollback)
kernel-nolu: deps
	@KVARIANT=nolu DEBUG=0 $(TOP)/scripts/build-kernel.sh

# UAPI headers for the CLI: build/usr/include
headers: kernel
	@echo "headers: installing into build/usr"
	@$(MAKE) -s -C $(KSRC) O=$(KOBJ) INSTALL_HDR_PATH=$(HDR) headers_install

# build/pci-lu (once tools/pci-lu has a Makefile)
tools: headers
	@if [ -f $(TOP)/tools/pci-lu/Makefile ]; then \
		$(MAKE) -C $(TOP)/tools/pci-lu O=$(BUILD) KHDR=$(HDR)/include; \
	else echo "tools: tools/pci-lu/Makefile not there yet, skipping"; fi

# the CLI, its man page, bash completion, systemd unit and example config:
#   make install [PREFIX=/usr/local] [DESTDIR=]
install: tools
	@$(MAKE) -C $(TOP)/tools/pci-lu O=$(BUILD) KHDR=$(HDR)/include install

# static guest helpers from tests/vm/*.c
# (the kernel's uapi headers, for LUO's ioctls)
guest: headers $(GUEST_HELPERS:%=$(GUEST_BIN)/%)
$(GUEST_BIN)/%: $(TOP)/tests/vm/%.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -isystem $(HDR)/include -o $@ $<

# build/initramfs[-debug].cpio.gz
initramfs: kernel tools guest
	@$(TOP)/scripts/mkinitramfs.sh

# the check targets build what they need themselves (a build failure is a TAP
# result, so the closing "N passed, N failed, N skipped" line always comes)
check: deps
	@$(TOP)/scripts/check.sh

# the same on the debug kernel (KASAN, lockdep, kmemleak)
check-debug:
	@$(MAKE) --no-print-directory check DEBUG=1

check-host: deps
	@$(TOP)/scripts/check.sh --host-only

check-vm: deps
	@$(TOP)/scripts/check.sh --vm-only

# kernel-side quality gates (checkpatch --strict, W=1 + sparse, kernel-doc, ABI)
lint: deps
	@$(TOP)/scripts/check.sh --lint-only

# one scenario, e.g.: make vm S=stock-kexec   (V=1 echoes the serial console)
vm: initramfs
	@$(TOP)/tests/vm/run $(if $(V),-v) $(S)

demo: initramfs
	@$(TOP)/scripts/demo.sh

# the README's two commands in a fresh minimal bookworm chroot (debootstrap,
# only git and make added, a clone of HEAD): scripts/fresh-root.sh, as root;
# never part of make check.  FRESH=DIR puts it elsewhere than build/fresh.
fresh-check:
	@$(TOP)/scripts/fresh-root.sh $(FRESH)

# the feature as a format-patch series against pristine 7.2 in build/series/,
# each patch checkpatch'ed and built (SERIES_BUILD=0: no builds)
.PHONY: series
series: kernel
	@$(TOP)/scripts/series.sh

# benchmarks (never part of make check): bench/RESULTS.md, also on stdout
.PHONY: bench
bench: deps
	@$(TOP)/bench/run

shellcheck:
	cd $(TOP) && shellcheck -x scripts/paths.sh scripts/fetch-kernel.sh scripts/build-kernel.sh scripts/series.sh \
		scripts/mkinitramfs.sh scripts/check.sh scripts/demo.sh scripts/deps.sh scripts/fresh-root.sh .ci/run \
		tests/vm/run tests/vm/init tests/vm/trace-bm tests/vm/pcilu-next-initrd \
		tests/vm/demo-guest tests/bats/vm/lib/kexec-stock tests/bats/vm/stock-kexec/kexec \
		tests/bats/vm/inflight-dma/kexec tests/bats/vm/inflight-dma-lost/kexec \
		tests/bats/vm/chain-inflight/kexec tests/bats/vm/format-skew/kexec bench/run bench/guest.sh bench/qemu-args bench/cli.sh
	cd $(TOP) && shellcheck -s bash tests/bats/vm/lib/common.bash tests/bats/vm/lib/agent.bash \
		tests/bats/vm/chain-inflight/carry.bash tests/bats/vm/format-skew/lib.bash tools/pci-lu/pci-lu.bash-completion

clean:
	rm -rf --one-file-system $(BUILD)/obj $(BUILD)/obj-debug $(BUILD)/obj-nolu $(BUILD)/vm $(BUILD)/rootfs* \
		$(GUEST_BIN) $(BUILD)/initramfs*.cpio.gz $(BUILD)/check

# also forgets the working tree and the extracted source (keeps the .deb)
distclean:
	rm -rf --one-file-system $(BUILD)/linux $(BUILD)/linux-pristine $(filter-out $(BUILD)/cache,$(wildcard $(BUILD)/*))
