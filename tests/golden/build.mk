# Included by tests/build.mk: the golden corpus (tests/golden/README.md).
#   make golden-progs      $(BUILD)/tests/golden/<family>
#   make check-golden      tests/golden/run.sh: strace's lines against
#                          sctrace's, TAP (root, strace and python3)
GOLDEN_FAMILIES := files fds memory procs signals sockets time ipc
GOLDEN_BINS := $(GOLDEN_FAMILIES:%=$(BUILD)/tests/golden/%)

.PHONY: golden-progs check-golden

# -O2 as an ordinary build; no -static: the loader's lines before the
# marker are cut, and an execve'd copy shows them on purpose.
$(BUILD)/tests/golden/%: tests/golden/progs/%.c tests/golden/progs/golden.h
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -pthread $< -o $@

golden-progs: $(GOLDEN_BINS)

check-golden: userspace golden-progs
	$(Q)tests/golden/run.sh
