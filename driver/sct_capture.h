/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture engine: the items of a syscall's plan entry (sct_plan.h)
 * copied into its enter or exit record, step by step as driver/CAPTURE.md
 * says, which the eBPF program follows too: for one call both backends
 * write the same record bytes. The probes (sct_probe.c) call it with the
 * record open (preemption off, ring reserved), and only for syscalls whose
 * plan entry has items.
 */
#ifndef SCT_CAPTURE_H
#define SCT_CAPTURE_H

#include <linux/sched.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "sctrace.h"

/*
 * The syscall's arguments, as the records hold them: a 32-bit syscall's
 * (ebx, ecx, edx, esi, edi, ebp) zero-extended, whatever the upper halves
 * of the registers held.
 */
static __always_inline void sct_syscall_args(struct pt_regs *regs, int abi,
					     u64 *args)
{
	int i;

	BUILD_BUG_ON(sizeof(*args) != sizeof(unsigned long));
	syscall_get_arguments(current, regs, (unsigned long *)args);
	if (unlikely(abi == SCTRACE_ABI_I386))
		for (i = 0; i < SCTRACE_MAX_ARGS; i++)
			args[i] = (u32)args[i];
}

/*
 * A thread's retry bit (set when an entry string with SCTRACE_CAP_F_RETRY
 * faulted) is tested and cleared at the exit of a syscall whose entry has
 * such strings. Only the thread itself sets or clears its bit (the
 * task-exit probe runs in the exiting thread too), so a migration's own
 * barriers order those accesses; the bitops are atomic because other
 * threads' bits share the word. The plain test first: a locked
 * read-modify-write of a word 64 threads share, at every such exit, only
 * when the bit is set, which is rare.
 */
static __always_inline bool sct_cap_retry_take(struct sct_dev *sd)
{
	return test_bit(current->pid, sd->retry.bits) &&
	       test_and_clear_bit(current->pid, sd->retry.bits);
}

/*
 * At the entry of such a syscall, before the bit may be set again: a bit
 * left over (the exit not seen: ptrace skipped the call, or de_thread()
 * gave an exec'ing thread the leader's pid) never outlives the next entry.
 */
static __always_inline void sct_cap_retry_clear(struct sct_dev *sd)
{
	if (test_bit(current->pid, sd->retry.bits))
		clear_bit(current->pid, sd->retry.bits);
}

/*
 * A successful exec returns with the new image's registers (CAPTURE.md,
 * Retry): there is no string to read again. The kernel reports its exit
 * as an execve of the new image's ABI (the personality's setting rewrites
 * orig_ax and TS_COMPAT), execveat's too: execveat is listed in case a
 * kernel does not.
 */
static __always_inline bool sct_cap_exec_done(long id, int abi, long ret)
{
	if (ret)
		return false;
	if (abi == SCTRACE_ABI_I386)
		return id == 11 || id == 358;	/* ia32 execve, execveat */
	return id == __NR_execve || id == __NR_execveat;
}

/*
 * Does the exit record of a call that returned ret have items, with no
 * retried string? Only if an exit item applies to ret.
 */
static __always_inline bool sct_cap_exit_any(const struct sct_plan_entry *pe,
					     long ret)
{
	u32 i;

	for (i = 0; i < min_t(u32, pe->n[SCTRACE_CAP_EXIT], SCTRACE_CAP_MAX_PER); i++)
		if (ret >= 0 || (pe->cap[SCTRACE_CAP_EXIT][i].flags & SCTRACE_CAP_F_ON_ERROR))
			return true;
	return false;
}

/*
 * The items of an enter record e, whose fixed part (args, flags) is
 * written; room: the ring's free space at e. Returns the record's length,
 * zero padded, or 0 when an item might not fit: the record is dropped.
 */
u32 sct_cap_enter(struct sct_dev *sd, struct sct_cpu *rc,
		  struct sctrace_sys_enter *e, const struct sct_plan_entry *pe,
		  u64 room);

/*
 * The same for an exit record x (ret and flags written): its exit items,
 * then, when retry, the entry strings to read again.
 */
u32 sct_cap_exit(struct sct_dev *sd, struct sct_cpu *rc,
		 struct sctrace_sys_exit *x, const struct sct_plan_entry *pe,
		 struct pt_regs *regs, int abi, bool retry, u64 room);

#endif /* SCT_CAPTURE_H */
