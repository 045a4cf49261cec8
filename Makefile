# sctrace top-level build.
#   make                      module (running kernel, or KERNELRELEASE=...),
#                             libsctrace and the sctrace CLI, into build/
#   make module KERNELRELEASE=6.12.117+deb12-amd64
#   make check                every test: host unit tests, kernel selftests
#                             in 6.1 and 6.12 guests; ends "N passed, N failed"
#   make check-long           the long runs in 6.1-debug guests: the
#                             stress tests at issue 17's counts, 1,000,000
#                             operations of each kernel-side fuzzer, every
#                             guest suite through both backends
#                             (tests/stress/build.mk, tests/stress/run-long)
#   make deps                 install the Debian packages all of this needs
#   make install              the CLI and its man page under $(DESTDIR)$(PREFIX)
#                             (PREFIX=/usr/local); make uninstall removes them
#   make install-module       the module into /lib/modules/<release>/extra
#                             (root; or make dkms); make uninstall-module
#   make deb                  Debian packages sctrace and sctrace-dkms in
#                             build/deb/ (debhelper), checked with lintian
#   make bench                tools/bench/sysbench (tools/bench-run: the benchmarks)
#   make V=1                  show commands
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD  := build
CC     ?= cc
Q      := $(if $(V),,@)
TOP    := $(CURDIR)

KERNELRELEASE ?= $(shell uname -r)
KDIR          ?= /lib/modules/$(KERNELRELEASE)/build
KMOD_DIR      := $(BUILD)/kmod/$(KERNELRELEASE)
DRIVER_SRC    := $(wildcard driver/*.c driver/*.h) driver/Kbuild

.PHONY: all module userspace check deps clean install uninstall install-module \
	uninstall-module deb kmod-lint
all: module userspace

# The host kernel may have no module support (and no headers): say so and
# go on with userspace; `make module` alone fails instead.
ifeq ($(wildcard $(KDIR)/Makefile),)
ifeq ($(filter module,$(MAKECMDGOALS)),)
module:
	@echo "sctrace: no kernel headers at $(KDIR): module not built (make module KERNELRELEASE=<release>, or apt-get install linux-headers-$(KERNELRELEASE))"
else
module:
	$(error no kernel headers at $(KDIR): apt-get install linux-headers-$(KERNELRELEASE))
endif
else
module: $(KMOD_DIR)/sctrace.ko
endif

# One build directory per kernel release: sources are copied so that
# builds for several kernels never share objects.
$(KMOD_DIR)/sctrace.ko: $(DRIVER_SRC)
	$(Q)mkdir -p $(KMOD_DIR)
	$(Q)cp $(DRIVER_SRC) $(KMOD_DIR)/
	$(Q)$(MAKE) -C $(KDIR) M=$(TOP)/$(KMOD_DIR) $(if $(V),V=1) $(KBUILD_EXTRA) modules
	@echo "  KMOD    $@ ($(KERNELRELEASE))"

-include driver/bpf/build.mk
-include userspace/build.mk
-include tests/build.mk
-include tools/bench/build.mk

deps:
	$(Q)tools/install-deps

# Long runs (hours in TCG): each adds itself as a prerequisite.
# Userspace and the module install apart: the CLI is one file for any
# kernel (the eBPF probe is inside it), the module is built per kernel and
# belongs to the kernel's tree (or to DKMS, which rebuilds it for each
# new kernel: make dkms, or the sctrace-dkms package).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
install: userspace
	$(Q)install -D -m 0755 $(BUILD)/bin/sctrace $(DESTDIR)$(BINDIR)/sctrace
	$(Q)install -D -m 0644 doc/sctrace.1 $(DESTDIR)$(MANDIR)/man1/sctrace.1

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/sctrace $(DESTDIR)$(MANDIR)/man1/sctrace.1

# INSTALL_MOD_PATH is Kbuild's DESTDIR; depmod only for the real tree.
install-module: module
	$(Q)$(MAKE) -C $(KDIR) M=$(TOP)/$(KMOD_DIR) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(Q)$(if $(DESTDIR),:,depmod -a $(KERNELRELEASE))

uninstall-module:
	$(Q)rm -f $(DESTDIR)/lib/modules/$(KERNELRELEASE)/extra/sctrace.ko*
	$(Q)$(if $(DESTDIR),:,depmod -a $(KERNELRELEASE))

# Debian packages, built by tools/make-deb in a copy of the tree under
# build/deb/ (nothing is written beside the checkout).
deb:
	$(Q)tools/make-deb

clean:
	rm -rf $(BUILD)

# DKMS: stage driver/ + dkms.conf as /usr/src/sctrace-<version>, then add,
# build and install it for KERNELRELEASE (root).
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
.PHONY: dkms
dkms:
	$(Q)tools/dkms-stage >/dev/null
	$(Q)dkms remove sctrace/$(DKMS_VERSION) --all >/dev/null 2>&1 || true
	$(Q)dkms add sctrace/$(DKMS_VERSION)
	$(Q)dkms build sctrace/$(DKMS_VERSION) -k $(KERNELRELEASE)
	$(Q)dkms install sctrace/$(DKMS_VERSION) -k $(KERNELRELEASE)
