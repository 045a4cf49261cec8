# userspace/build.mk: libsctrace, the sctrace CLI and their unit tests.
# Included by the top-level Makefile, which provides BUILD (output
# directory, relative to the top), Q (@ unless V=1) and CC.
#
#   make userspace              $(BUILD)/lib/libsctrace.a, $(BUILD)/bin/sctrace
#   make unit-tests             $(BUILD)/tests/unit/test_*
#   make check-unit             run them; TAP on stdout and in
#                               $(BUILD)/tests/unit/<test>.tap
#   make check-unit UNIT_WRAP="valgrind -q --error-exitcode=1"
#   make SYSCALL_HDR=/path/unistd_64.h   syscall names from that header
#   make SYSCALL_HDR32=/path/unistd_32.h i386 syscall names from that one
#
# Generated: $(BUILD)/gen/syscall_names.h, syscall_names_32.h and
# errno_names.h, from the kernel headers, by userspace/gen-names.sh;
# sysdesc_types.h and sysdesc_table.h, from the syscall table
# userspace/decode/syscalls.tbl, by userspace/decode/gen-sysdesc.sh;
# print_consts.h, the printer's constant sets userspace/print/consts.in
# with their values from the system headers, by userspace/print/gen-consts.sh; the
# eBPF probe's skeleton $(BUILD)/gen/sctrace_bpf.skel.h by
# driver/bpf/build.mk.
#
# libsctrace.a embeds the eBPF probe and needs libbpf: link with
# $(US_LIBS).

.PHONY: userspace unit-tests check-unit

US_CFLAGS ?= -O2 -g
US_WARN := -std=gnu11 -Wall -Wextra -Werror -Wmissing-field-initializers \
	   -Werror=undef
US_CPPFLAGS := -Idriver -Iuserspace -I$(BUILD)/gen
US_DEPFLAGS = -MMD -MP -MF $(@:.o=.d)

# Newest installed kernel's headers first (sort -V: 6.12 after 6.9), for
# the x86-64 names and the i386 ones (32-bit syscalls).
us_newest_hdr = $(or $(lastword $(shell ls -d /usr/src/linux-headers-*-amd64/arch/x86/include/generated/uapi/asm/$(1) 2>/dev/null | sort -V)),/usr/include/x86_64-linux-gnu/asm/$(1))
ifeq ($(origin SYSCALL_HDR),undefined)
SYSCALL_HDR := $(call us_newest_hdr,unistd_64.h)
endif
ifeq ($(origin SYSCALL_HDR32),undefined)
SYSCALL_HDR32 := $(call us_newest_hdr,unistd_32.h)
endif
ERRNO_HDRS ?= /usr/include/asm-generic/errno-base.h /usr/include/asm-generic/errno.h
# A header that is not there: say what to install instead of "No rule".
US_HDRS_MISSING := $(filter-out $(wildcard $(SYSCALL_HDR) $(SYSCALL_HDR32) $(ERRNO_HDRS)),$(SYSCALL_HDR) $(SYSCALL_HDR32) $(ERRNO_HDRS))
ifneq ($(US_HDRS_MISSING),)
$(US_HDRS_MISSING):
	@echo "sctrace: kernel header $@ not found: apt-get install linux-libc-dev (or make SYSCALL_HDR=... SYSCALL_HDR32=... ERRNO_HDRS=...)" >&2; exit 1
endif
US_MAX_SYSCALLS := $(shell sed -n 's/^\#define SCTRACE_MAX_SYSCALLS[[:space:]]*\([0-9]*\).*/\1/p' driver/sctrace_abi.h)

US_GEN := $(BUILD)/gen/syscall_names.h $(BUILD)/gen/syscall_names_32.h $(BUILD)/gen/errno_names.h

# libsctrace: the backend-neutral API and its choice of backend, the
# module backend, the eBPF backend, rings, merge.
US_LIB_SRCS := sctrace.c capplan.c backend_auto.c backend_kmod.c kmod_load.c \
	       backend_bpf.c bpf_load.c bpf_rings.c proc_tree.c ring.c merge.c syncer.c record.c items.c
US_LIBS := -lbpf -pthread
# the syscall table: descriptions (generated), the capture plan from them
US_DECODE_SRCS := decode/sysdesc.c decode/plan.c decode/plan_set.c
US_SYSDESC_TBL := userspace/decode/syscalls.tbl
US_GEN += $(BUILD)/gen/sysdesc_types.h $(BUILD)/gen/sysdesc_table.h
# the strace-style printer (print/print.h): constant sets (generated),
# strings, argument values, memory, structs, return values; the pairing
# of entries and exits it shares with -c and the exports (pair.h)
US_PRINT_SRCS := pair.c print/consts.c print/str.c print/value.c print/mem.c print/structs.c \
		 print/structs_time.c print/structs_file.c print/structs_net.c \
		 print/structs_sig.c print/structs_proc.c print/structs_tty.c print/layout.c print/retval.c print/status.c print/cmds.c print/call.c print/printer.c \
		 print/fdtab.c print/fdtrack.c print/sock.c
US_PRINT_IN := userspace/print/consts.in
US_GEN += $(BUILD)/gen/print_consts.h
# -c: calls paired by thread, counted per syscall, latency percentiles
# and histograms, the table (no printing per record)
US_STATS_SRCS := stats/latency.c stats/summary.c stats/summary_print.c
# --json and --export=chrome: calls as JSON (argument texts by the printer)
US_EXPORT_SRCS := export/json.c export/args.c export/export.c export/jsonl.c export/chrome.c
# the CLI around it: filter words, names, formatting (raw and strace's),
# capture files, the trace loop and where its records go, reading a
# capture back.
US_CLI_SRCS := filter.c syscalls.c errnames.c format.c $(US_DECODE_SRCS) $(US_PRINT_SRCS) \
	       capfile_write.c capfile_read.c \
	       cli_opts.c cli_child.c cli_user.c cli_signals.c cli_pids.c cli_trace.c cli_sink.c cli_text.c cli_replay.c \
	       cli_print.c cli_fds.c cli_stats.c $(US_STATS_SRCS) $(US_EXPORT_SRCS)
US_MAIN_SRC := cli_main.c

us_obj = $(patsubst %.c,$(BUILD)/obj/userspace/%.o,$(1))
US_LIB_OBJS := $(call us_obj,$(US_LIB_SRCS))
US_CLI_OBJS := $(call us_obj,$(US_CLI_SRCS))
US_MAIN_OBJ := $(call us_obj,$(US_MAIN_SRC))

userspace: $(BUILD)/lib/libsctrace.a $(BUILD)/bin/sctrace

$(BUILD)/gen/syscall_names.h: $(SYSCALL_HDR) userspace/gen-names.sh driver/sctrace_abi.h
	$(Q)mkdir -p $(@D)
	@echo "  GEN     $@ (from $(SYSCALL_HDR))"
	$(Q)sh userspace/gen-names.sh sctrace_syscall_names SCTRACE_MAX_SYSCALLS \
		$(US_MAX_SYSCALLS) __NR_ 1 $(SYSCALL_HDR) > $@

$(BUILD)/gen/syscall_names_32.h: $(SYSCALL_HDR32) userspace/gen-names.sh driver/sctrace_abi.h
	$(Q)mkdir -p $(@D)
	@echo "  GEN     $@ (from $(SYSCALL_HDR32))"
	$(Q)sh userspace/gen-names.sh sctrace_syscall_names_i386 SCTRACE_MAX_SYSCALLS \
		$(US_MAX_SYSCALLS) __NR_ 1 $(SYSCALL_HDR32) > $@

$(BUILD)/gen/sysdesc_%.h: $(US_SYSDESC_TBL) userspace/decode/gen-sysdesc.sh
	$(Q)mkdir -p $(@D)
	@echo "  GEN     $@ (from $(US_SYSDESC_TBL))"
	$(Q)sh userspace/decode/gen-sysdesc.sh $* $(US_SYSDESC_TBL) > $@

$(BUILD)/gen/print_consts.h: $(US_PRINT_IN) userspace/print/gen-consts.sh
	$(Q)mkdir -p $(@D)
	@echo "  GEN     $@ (from $(US_PRINT_IN) and the system headers)"
	$(Q)sh userspace/print/gen-consts.sh "$(CC)" $(US_PRINT_IN) > $@

$(BUILD)/gen/errno_names.h: $(ERRNO_HDRS) userspace/gen-names.sh
	$(Q)mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)sh userspace/gen-names.sh sctrace_errno_names 512 512 E 0 $(ERRNO_HDRS) > $@

# Objects wait for the generated headers (order-only); afterwards the
# -MMD dependency files know exactly who includes what.
define us_compile
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(US_WARN) $(US_CPPFLAGS) $(US_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
		$(US_DEPFLAGS) -c -o $@ $<
endef
$(BUILD)/obj/userspace/%.o: userspace/%.c | $(US_GEN)
	$(us_compile)
# these include the skeleton (before -MMD knows it)
$(call us_obj,backend_bpf.c bpf_load.c): | $(BPF_SKEL)
$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c | $(US_GEN)
	$(us_compile)

$(BUILD)/lib/libsctrace.a: $(US_LIB_OBJS)
	$(Q)mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/bin/sctrace: $(US_MAIN_OBJ) $(US_CLI_OBJS) $(BUILD)/lib/libsctrace.a
	$(Q)mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(US_LIBS)

# Unit tests: tests/unit/test_<unit>.c, each linked with the objects of
# the unit it tests (test_<unit>_OBJS) and cmocka.
US_UNIT_TESTS := test_ring test_bpf_rings test_merge test_format \
		 test_filter test_names test_api test_capfile test_ring_race
US_UNIT_TESTS += test_proc_tree test_items
US_UNIT_DIR := $(BUILD)/tests/unit
test_ring_OBJS := $(call us_obj,ring.c record.c items.c) $(BUILD)/obj/tests/unit/ring_mem.o
test_bpf_rings_OBJS := $(call us_obj,bpf_rings.c ring.c record.c items.c) \
		       $(BUILD)/obj/tests/unit/ring_mem.o
test_merge_OBJS := $(call us_obj,merge.c syncer.c)
test_format_OBJS := $(call us_obj,format.c record.c items.c syscalls.c errnames.c)
test_filter_OBJS := $(call us_obj,filter.c syscalls.c decode/sysdesc.c)
test_names_OBJS := $(call us_obj,syscalls.c errnames.c)
test_proc_tree_OBJS := $(call us_obj,proc_tree.c)
test_items_OBJS := $(call us_obj,items.c)
test_capfile_OBJS := $(call us_obj,capfile_write.c capfile_read.c record.c items.c)
test_api_OBJS := $(call us_obj,sctrace.c capplan.c backend_auto.c merge.c syncer.c ring.c record.c items.c) \
		 $(BUILD)/obj/tests/unit/ring_mem.o $(BUILD)/obj/tests/unit/fake_kmod.o \
		 $(BUILD)/obj/tests/unit/fake_bpf.o
# test_ring_race rewrites a ring under its reader: built, with objects of
# its own, under AddressSanitizer and UBSan so that a read past a record
# stops it; never under UNIT_WRAP (valgrind and ASan do not mix).
US_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
test_ring_race_OBJS := $(patsubst %.c,$(BUILD)/obj-san/userspace/%.o,ring.c record.c items.c \
			 format.c syscalls.c errnames.c capfile_write.c) \
		       $(BUILD)/obj-san/tests/unit/ring_mem.o
$(BUILD)/obj-san/%.o: %.c | $(US_GEN)
	$(us_compile)
$(BUILD)/obj-san/%.o: override US_CFLAGS += $(US_SAN)
$(BUILD)/obj/tests/unit/test_ring_race.o: override US_CFLAGS += $(US_SAN)
$(US_UNIT_DIR)/test_ring_race: override LDFLAGS += $(US_SAN) -pthread
check-unit/test_ring_race: override UNIT_WRAP :=
# the syscall table: its generator (golden files under tests/unit/data,
# found from the top of the tree), the table against the kernel's
# tracepoints, the capture plan
US_UNIT_TESTS += test_sysdesc_gen test_sysdesc test_plan
# strace's format: the printer with the table and names it prints from
US_UNIT_TESTS += test_print
test_print_OBJS := $(call us_obj,$(US_PRINT_SRCS) decode/sysdesc.c items.c record.c syscalls.c filter.c \
		     errnames.c)
# structs and layouts strace decodes by hand (clone, statfs, dirents, ioctl)
US_UNIT_TESTS += test_print_structs
test_print_structs_OBJS := $(call us_obj,$(US_PRINT_SRCS) decode/sysdesc.c items.c record.c syscalls.c \
			   filter.c errnames.c) $(BUILD)/obj/tests/unit/recs.o
# -y, -P: the fd tables and what calls do to them, through the printer
US_UNIT_TESTS += test_fdtab
test_fdtab_OBJS := $(call us_obj,$(US_PRINT_SRCS) decode/sysdesc.c items.c record.c syscalls.c filter.c \
		     errnames.c) $(BUILD)/obj/tests/unit/recs.o
# the pairing of entries and exits by thread the printer, -c and the exports share
US_UNIT_TESTS += test_pair
test_pair_OBJS := $(call us_obj,pair.c decode/sysdesc.c items.c record.c syscalls.c) \
		  $(BUILD)/obj/tests/unit/recs.o
# -c's maths and table, JSON strings, the exports (calls as JSON)
US_UNIT_TESTS += test_latency test_summary test_json test_export
test_latency_OBJS := $(call us_obj,stats/latency.c)
test_summary_OBJS := $(call us_obj,pair.c stats/latency.c stats/summary.c \
		       stats/summary_print.c decode/sysdesc.c items.c record.c syscalls.c) \
		     $(BUILD)/obj/tests/unit/recs.o
test_json_OBJS := $(call us_obj,export/json.c)
test_export_OBJS := $(call us_obj,$(US_EXPORT_SRCS) $(US_PRINT_SRCS) decode/sysdesc.c \
		      items.c record.c syscalls.c filter.c errnames.c) $(BUILD)/obj/tests/unit/recs.o
test_sysdesc_gen_OBJS :=
$(BUILD)/obj/tests/unit/test_sysdesc_gen.o: override US_CFLAGS += -DSCT_TOP=\"$(CURDIR)\"
test_sysdesc_OBJS := $(call us_obj,decode/sysdesc.c syscalls.c)
test_plan_OBJS := $(call us_obj,decode/plan.c decode/plan_set.c decode/sysdesc.c syscalls.c \
		    capplan.c)
$(US_UNIT_DIR)/test_plan: override LDFLAGS += -Wl,--wrap=sctrace_set_capture \
					     -Wl,--wrap=sctrace_set_filter

define us_unit_test
$(US_UNIT_DIR)/$(1): $(BUILD)/obj/tests/unit/$(1).o $$($(1)_OBJS)
	$$(Q)mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(LDFLAGS) -o $$@ $$^ -lcmocka -pthread

# Always runs; TAP to stdout and to the .tap file (kept when it fails).
.PHONY: check-unit/$(1)
check-unit/$(1): $(US_UNIT_DIR)/$(1)
	$$(Q)CMOCKA_MESSAGE_OUTPUT=TAP $$(UNIT_WRAP) $$< > $(US_UNIT_DIR)/$(1).tap 2>&1; \
		rc=$$$$?; cat $(US_UNIT_DIR)/$(1).tap; \
		if [ $$$$rc -ne 0 ]; then echo "$(1): FAILED (exit $$$$rc)"; fi; exit $$$$rc
endef
$(foreach t,$(US_UNIT_TESTS),$(eval $(call us_unit_test,$(t))))

unit-tests: $(addprefix $(US_UNIT_DIR)/,$(US_UNIT_TESTS))
check-unit: $(addprefix check-unit/,$(US_UNIT_TESTS))

-include $(wildcard $(BUILD)/obj/userspace/decode/*.d $(BUILD)/obj/userspace/print/*.d \
		    $(BUILD)/obj/userspace/stats/*.d $(BUILD)/obj/userspace/export/*.d)
-include $(wildcard $(BUILD)/obj/userspace/*.d $(BUILD)/obj/tests/unit/*.d \
		    $(BUILD)/obj-san/userspace/*.d $(BUILD)/obj-san/tests/unit/*.d)
