# tools/bench/build.mk: the syscall workload of tools/bench-run.
# Included by the top-level Makefile (BUILD, Q, CC come from there).
#
#   make bench          $(BUILD)/bin/sysbench
#
# Built with `make` (all) too, so that a guest run finds it: guests see the
# host's files and must not need a build of their own.

.PHONY: bench
all: bench

BENCH_SRCS := $(addprefix tools/bench/,sysbench.c bench_rate.c bench_rusage.c bench_sync.c)
BENCH_WARN := -std=gnu11 -Wall -Wextra -Werror -Wmissing-field-initializers \
	      -Werror=undef

bench: $(BUILD)/bin/sysbench

$(BUILD)/bin/sysbench: $(BENCH_SRCS) tools/bench/bench.h driver/sctrace_abi.h
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(BENCH_WARN) -Idriver -O2 -g $(CFLAGS) $(LDFLAGS) -o $@ $(BENCH_SRCS) -pthread

# sct-wmreader: the watermark experiment of tools/bench/profile.sh (the
# CLI's own objects, with another poll watermark).
bench: $(BUILD)/bin/sct-wmreader
WMREADER_OBJS := $(call us_obj,cli_child.c cli_user.c cli_signals.c filter.c $(US_DECODE_SRCS) syscalls.c format.c errnames.c) \
		 $(BUILD)/lib/libsctrace.a
$(BUILD)/bin/sct-wmreader: tools/bench/wmreader.c $(WMREADER_OBJS)
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(US_WARN) $(US_CPPFLAGS) -O2 -g $(CFLAGS) $(LDFLAGS) -o $@ $^ $(US_LIBS)

# The floor of tools/bench-run: tools/bench/floor/sct_floor.ko for a kernel,
# as `make module` builds the driver (one directory per release).
#   make bench-floor KERNELRELEASE=6.1.0-57-amd64
.PHONY: bench-floor
FLOOR_DIR := $(BUILD)/floor/$(KERNELRELEASE)
bench-floor: $(FLOOR_DIR)/sct_floor.ko
$(FLOOR_DIR)/sct_floor.ko: tools/bench/floor/sct_floor.c tools/bench/floor/Kbuild
	$(Q)mkdir -p $(FLOOR_DIR)
	$(Q)cp $^ $(FLOOR_DIR)/
	$(Q)$(MAKE) -C $(KDIR) M=$(TOP)/$(FLOOR_DIR) $(if $(V),V=1) W=1 modules
	@echo "  KMOD    $@ ($(KERNELRELEASE))"
