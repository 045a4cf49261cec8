# Included by tests/build.mk: the stress helpers (tests/stress/), built
# with the selftests, and `make check-long`, the long runs of
# tests/stress/soak.sh in the debug kernel's guest (tests/stress/run-long).
STRESS_BINS := $(BUILD)/tests/stress/accounting $(BUILD)/tests/stress/modctl

$(BUILD)/tests/stress/accounting: tests/stress/accounting.c driver/sctrace_abi.h \
		$(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(SELFTEST_CFLAGS) $< $(BUILD)/lib/libsctrace.a $(US_LIBS) -o $@

$(BUILD)/tests/stress/modctl: tests/stress/modctl.c
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror $< -o $@

selftests: $(STRESS_BINS)

# A prerequisite, no recipe: other long runs add theirs the same way.
.PHONY: check-long check-long-soak
check-long: check-long-soak
check-long-soak:
	$(Q)tests/stress/run-long
