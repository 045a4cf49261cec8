# Included by tests/build.mk: the stress programs (tests/stress/), built
# with the selftests (the guest suite runs a short run of each), and
# `make check-long`, their long runs in the debug kernel's guest.
#
#   make selftests          $(BUILD)/tests/stress/accounting (exact
#                           accounting, hotplug: soak.sh), modctl, fuzz_dev
#                           (the device's ABI) and fuzz_bpfmaps (the eBPF
#                           backend's maps held by a hostile process)
#   make check-long-soak    soak.sh --long in a 6.1-debug guest
#   make check-long-fuzz    each fuzzer for FUZZ_LONG_OPS operations
#                           (1,000,000) from FUZZ_LONG_SEED in a 6.1-debug
#                           guest (KASAN, lockdep, UBSAN)
#   make check-long-suite   every guest suite through both backends in a
#                           6.1-debug guest (make check's runs the module's)
#   make check-long         all three, one run-long (one build, one summary)
# (tests/stress/run-long; TAP and consoles in $(BUILD)/check-long/)

STRESS_BINS := $(BUILD)/tests/stress/accounting $(BUILD)/tests/stress/modctl \
	$(BUILD)/tests/stress/fuzz_dev $(BUILD)/tests/stress/fuzz_bpfmaps
STRESS_DEPS := tests/stress/stress.c tests/stress/stress.h tests/unit/xorshift.h \
	driver/sctrace_abi.h driver/sct_plan.h
STRESS_CFLAGS := $(SELFTEST_CFLAGS) -Itests/unit -Itests/stress

$(BUILD)/tests/stress/accounting: tests/stress/accounting.c $(STRESS_DEPS) \
		$(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(STRESS_CFLAGS) $< tests/stress/stress.c $(BUILD)/lib/libsctrace.a $(US_LIBS) -o $@

$(BUILD)/tests/stress/modctl: tests/stress/modctl.c
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror $< -o $@


FUZZ_DEV_SRCS := tests/stress/fuzz_dev.c tests/stress/fuzz_dev_fd.c \
	tests/stress/fuzz_dev_ioctl.c tests/stress/fuzz_dev_map.c tests/stress/fuzz_dev_mod.c
$(BUILD)/tests/stress/fuzz_dev: $(FUZZ_DEV_SRCS) tests/stress/fuzz_dev.h $(STRESS_DEPS)
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(STRESS_CFLAGS) $(FUZZ_DEV_SRCS) tests/stress/stress.c -o $@

$(BUILD)/tests/stress/fuzz_bpfmaps: tests/stress/fuzz_bpfmaps.c $(STRESS_DEPS) \
		$(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(STRESS_CFLAGS) -I$(BUILD)/gen $< tests/stress/stress.c \
		$(BUILD)/lib/libsctrace.a $(US_LIBS) -o $@

FUZZ_LONG_OPS  ?= 1000000
FUZZ_LONG_SEED ?= 17
check-long-fuzz:
	$(Q)FUZZ_LONG_OPS=$(FUZZ_LONG_OPS) FUZZ_LONG_SEED=$(FUZZ_LONG_SEED) \
		tests/stress/run-long fuzz_dev fuzz_bpfmaps

selftests: $(STRESS_BINS)

.PHONY: check-long check-long-soak check-long-fuzz check-long-suite
check-long:
	$(Q)FUZZ_LONG_OPS=$(FUZZ_LONG_OPS) FUZZ_LONG_SEED=$(FUZZ_LONG_SEED) tests/stress/run-long
check-long-soak:
	$(Q)tests/stress/run-long soak
check-long-suite:
	$(Q)tests/stress/run-long suite
