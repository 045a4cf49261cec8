# tests/fuzz/build.mk: coverage-guided fuzzers (libFuzzer, clang) with
# AddressSanitizer and UBSan, and their corpora replayed as TAP suites.
# Included by tests/build.mk.
#
#   make fuzz                    $(BUILD)/fuzz/fuzz_capfile, fuzz_ring (clang)
#   make fuzz-run FUZZER=capfile FUZZ_TIME=600
#                                one fuzzer for FUZZ_TIME seconds, from a
#                                copy of tests/fuzz/corpus/FUZZER in
#                                $(BUILD)/fuzz/corpus/FUZZER; crashes in
#                                $(BUILD)/fuzz/crash-FUZZER/
#   make fuzz-replay             $(BUILD)/tests/fuzz/replay_* (cc, sanitizers)
#   make check-fuzz              the committed corpora replayed: TAP
#   make fuzz-cov FUZZER=capfile [FUZZ_CORPUS=DIR]
#                                line coverage of the code the target
#                                reaches, over DIR (default: what fuzz-run
#                                found), by clang's source-based coverage
#
# fuzz_capfile: `sctrace -r` on a hostile capture file (cli_replay.c and all
# it drives); fuzz_ring: the ring consumer and the merge on hostile control
# pages and ring bytes, then the printer. tests/fuzz/README.md: the input
# formats and the seed corpora (tests/fuzz/gen-corpus).

.PHONY: fuzz fuzz-run fuzz-replay check-fuzz fuzz-cov

FUZZ_CC   ?= clang
FUZZ_TIME ?= 600
FUZZERS   := capfile ring
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	     -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link

# What each target links: the code it reaches, nothing faked.
fuzz_capfile_SRCS := $(addprefix userspace/,$(US_LIB_SRCS) $(US_CLI_SRCS)) \
		     tests/fuzz/fuzz_capfile.c
fuzz_ring_SRCS := $(addprefix userspace/,ring.c bpf_rings.c merge.c syncer.c record.c \
		   items.c format.c $(US_PRINT_SRCS) decode/sysdesc.c syscalls.c filter.c \
		   errnames.c) tests/fuzz/fuzz_ring.c
# what fuzz-cov reports on: the code the target is for
fuzz_capfile_COV := capfile_read.c cli_replay.c cli_text.c cli_print.c cli_stats.c record.c items.c \
		    format.c $(US_PRINT_SRCS) $(US_STATS_SRCS) $(US_EXPORT_SRCS)
fuzz_ring_COV := ring.c bpf_rings.c merge.c record.c items.c format.c $(US_PRINT_SRCS)
fuzz_capfile_LIBS := $(US_LIBS)
fuzz_ring_LIBS := -pthread

FUZZ_DIR := $(BUILD)/fuzz
fuzz_objs = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$($(1)_SRCS))
cov_objs = $(patsubst %.c,$(FUZZ_DIR)/obj-cov/%.o,$($(1)_SRCS) tests/fuzz/replay.c)
FUZZ_COV := -fprofile-instr-generate -fcoverage-mapping
LLVM_BIN ?= /usr/lib/llvm-14/bin
san_objs = $(patsubst %.c,$(BUILD)/obj-san/%.o,$($(1)_SRCS) tests/fuzz/replay.c)

$(FUZZ_DIR)/obj/%.o: %.c | $(US_GEN) $(BPF_SKEL)
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@ (fuzz)"
	$(Q)$(FUZZ_CC) $(US_WARN) $(US_CPPFLAGS) $(FUZZ_CFLAGS) $(US_DEPFLAGS) -c -o $@ $<
# coverage: the same sources, no sanitizer (replay.c's hooks are no-ops)
$(FUZZ_DIR)/obj-cov/%.o: %.c | $(US_GEN) $(BPF_SKEL)
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@ (coverage)"
	$(Q)$(FUZZ_CC) $(US_WARN) $(US_CPPFLAGS) -O1 -g $(FUZZ_COV) $(US_DEPFLAGS) -c -o $@ $<
# these include the skeleton (before -MMD knows it)
$(BUILD)/obj-san/userspace/backend_bpf.o $(BUILD)/obj-san/userspace/bpf_load.o: | $(BPF_SKEL)

define fuzz_target
$(FUZZ_DIR)/fuzz_$(1): $(call fuzz_objs,fuzz_$(1))
	$$(Q)mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $$@ $$^ $$(fuzz_$(1)_LIBS)

$(BUILD)/tests/fuzz/replay_$(1): $(call san_objs,fuzz_$(1))
	$$(Q)mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $(US_SAN) -o $$@ $$^ $$(fuzz_$(1)_LIBS)

$(FUZZ_DIR)/cov_$(1): $(call cov_objs,fuzz_$(1))
	$$(Q)mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(FUZZ_CC) $(FUZZ_COV) -o $$@ $$^ $$(fuzz_$(1)_LIBS)

.PHONY: check-fuzz/$(1)
check-fuzz/$(1): $(BUILD)/tests/fuzz/replay_$(1)
	$$(Q)$$< tests/fuzz/corpus/$(1)
endef
$(foreach f,$(FUZZERS),$(eval $(call fuzz_target,$(f))))

fuzz: $(FUZZERS:%=$(FUZZ_DIR)/fuzz_%)
fuzz-replay: $(FUZZERS:%=$(BUILD)/tests/fuzz/replay_%)
check-fuzz: $(FUZZERS:%=check-fuzz/%)

# -close_fd_mask=2: the CLI's messages about damaged input are noise
# (libFuzzer's own output and crash reports still show).
fuzz-run: $(FUZZ_DIR)/fuzz_$(FUZZER)
	$(Q)test -n "$(FUZZER)" || { echo "make fuzz-run FUZZER=<$(FUZZERS)>" >&2; exit 2; }
	$(Q)mkdir -p $(FUZZ_DIR)/corpus/$(FUZZER) $(FUZZ_DIR)/crash-$(FUZZER)
	$(Q)cp -n tests/fuzz/corpus/$(FUZZER)/* $(FUZZ_DIR)/corpus/$(FUZZER)/
	$(Q)$(FUZZ_DIR)/fuzz_$(FUZZER) -max_total_time=$(FUZZ_TIME) -close_fd_mask=2 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/crash-$(FUZZER)/ \
		$(FUZZ_DIR)/corpus/$(FUZZER)

FUZZ_CORPUS ?= $(FUZZ_DIR)/corpus/$(FUZZER)
fuzz-cov: $(FUZZ_DIR)/cov_$(FUZZER)
	$(Q)test -n "$(FUZZER)" || { echo "make fuzz-cov FUZZER=<$(FUZZERS)>" >&2; exit 2; }
	$(Q)LLVM_PROFILE_FILE=$(FUZZ_DIR)/cov-$(FUZZER).profraw $< $(FUZZ_CORPUS) >/dev/null
	$(Q)$(LLVM_BIN)/llvm-profdata merge -o $(FUZZ_DIR)/cov-$(FUZZER).profdata \
		$(FUZZ_DIR)/cov-$(FUZZER).profraw
	$(Q)$(LLVM_BIN)/llvm-cov report $< -instr-profile=$(FUZZ_DIR)/cov-$(FUZZER).profdata \
		$(addprefix userspace/,$(fuzz_$(FUZZER)_COV))

-include $(wildcard $(FUZZ_DIR)/obj/userspace/*.d $(FUZZ_DIR)/obj/userspace/*/*.d \
		    $(FUZZ_DIR)/obj/tests/fuzz/*.d $(BUILD)/obj-san/tests/fuzz/*.d \
		    $(FUZZ_DIR)/obj-cov/userspace/*.d $(FUZZ_DIR)/obj-cov/userspace/*/*.d \
		    $(BUILD)/obj-san/userspace/*/*.d)
