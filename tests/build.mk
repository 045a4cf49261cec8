# Included by the top-level Makefile: kernel selftests and `make check`.
#
# The kselftest harness and checkpatch.pl come from Debian's linux-source-6.1
# tarball, extracted into $(BUILD)/linux-source (never committed).
LINUX_SRC_TAR ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz))
LSRC          := $(BUILD)/linux-source
KSFT_HDRS     := $(LSRC)/kselftest_harness.h $(LSRC)/kselftest.h
CHECKPATCH    := $(LSRC)/scripts/checkpatch.pl

# The kernels every test runs on, in guests (tools/vm-run).
CHECK_KERNELS ?= 6.1 6.12

SELFTESTS     := capture_test capmem_test kmod_test bpf_test
SELFTEST_BINS := $(SELFTESTS:%=$(BUILD)/tests/selftests/%)
SELFTEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-sign-compare -Wno-missing-field-initializers -Wno-unused-parameter \
	-I$(LSRC) -Idriver -Iuserspace -Itests/selftests -pthread

.PHONY: selftests check linux-source kmods-check

$(KSFT_HDRS) $(CHECKPATCH) &:
	$(Q)test -n "$(LINUX_SRC_TAR)" || { echo "linux-source-6.1 is not installed: make deps" >&2; exit 1; }
	$(Q)mkdir -p $(LSRC)/scripts
	$(Q)tar -xJf $(LINUX_SRC_TAR) -C $(LSRC) --strip-components=4 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h
	$(Q)tar -xJf $(LINUX_SRC_TAR) -C $(LSRC) --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	$(Q)touch $(KSFT_HDRS) $(CHECKPATCH)

linux-source: $(KSFT_HDRS) $(CHECKPATCH)

$(BUILD)/tests/selftests/%: tests/selftests/%.c tests/selftests/sct_helpers.c \
		tests/selftests/sct_helpers.h driver/sctrace_abi.h $(KSFT_HDRS) \
		$(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(SELFTEST_CFLAGS) $< tests/selftests/sct_helpers.c \
		$(BUILD)/lib/libsctrace.a $(US_LIBS) -o $@

# Helpers of the guest suites (tests/guest/).
GUEST_BINS := $(BUILD)/tests/guest/equiv_workload $(BUILD)/tests/guest/equiv_bytes

# The backends' records compared byte for byte: a libsctrace program.
$(BUILD)/tests/guest/equiv_bytes: tests/guest/equiv_bytes.c tests/selftests/sct_helpers.c \
		tests/selftests/sct_helpers.h driver/sctrace_abi.h $(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(SELFTEST_CFLAGS) $< tests/selftests/sct_helpers.c \
		$(BUILD)/lib/libsctrace.a $(US_LIBS) -o $@

$(BUILD)/tests/guest/%: tests/guest/%.c
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror $< -o $@

selftests: $(SELFTEST_BINS) $(GUEST_BINS)


# `make check`: every suite, host and guests; ends "N passed, N failed".
# `make check-kernels`: the build, the packages, the old kernels and the
# guests (no host unit, CLI, golden or bench suites); both end with the
# kernel table (tools/kernel-table) in build/check/kernel-table.md.
.PHONY: check-kernels
check:
	$(Q)tools/install-deps
	$(Q)tests/run-check $(CHECK_KERNELS)

check-kernels:
	$(Q)tools/install-deps
	$(Q)tests/run-check --kernels $(CHECK_KERNELS)

-include tests/golden/build.mk
-include tests/fuzz/build.mk
-include tests/stress/build.mk
