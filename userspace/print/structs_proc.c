// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: processes. clone3's struct clone_args as strace
 * prints it ("{flags=CLONE_VM|..., exit_signal=SIGCHLD, stack=NULL,
 * stack_size=0, ...} => {parent_tid=[1234]}"), x86-64 layout
 * (include/uapi/linux/sched.h: eleven __u64).
 */
#define _GNU_SOURCE	/* CLONE_* */
#include <inttypes.h>
#include <sched.h>

#include "print/pr.h"

#define SCT_CLONE_INTO_CGROUP	0x200000000ULL

/* ", name=0x7f..." (NULL for 0) */
static void sct_st__field_addr(const struct sct_pr *p, const char *name, uint64_t v)
{
	fprintf(p->out, ", %s=", name);
	sct_pr__addr(p->out, v);
}

/*
 * What the kernel wrote where the struct points: a pidfd (not copied),
 * the child's tid in the parent's namespace at parent_tid (CLONE_PARENT_SETTID),
 * which is the return value: " => {parent_tid=[1234]}".
 */
static void sct_st__clone_written(const struct sct_pr *p, uint64_t flags)
{
	if (!p->exited || p->ret <= 0 || !(flags & CLONE_PARENT_SETTID))
		return;
	fprintf(p->out, " => {parent_tid=[%" PRId64 "]}", p->ret);
}

/* struct clone_args, as many bytes as clone3's size said (at least VER0) */
static void sct_st__clone_args(const struct sct_pr *p, const struct sct_view *v)
{
	uint64_t flags = sct_v__u64(v, 0), sig = sct_v__u64(v, 32);

	fputs("{flags=", p->out);
	sct_consts__print_named(p->out, "clone_flags", SCT_SET_FLAGS, flags, 64);
	if (flags & CLONE_PIDFD)
		sct_st__field_addr(p, "pidfd", sct_v__u64(v, 8));
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		sct_st__field_addr(p, "child_tid", sct_v__u64(v, 16));
	if (flags & CLONE_PARENT_SETTID)
		sct_st__field_addr(p, "parent_tid", sct_v__u64(v, 24));
	fputs(", exit_signal=", p->out);
	if (sig <= INT32_MAX)
		sct_pr__signal(p->out, sig);
	else
		fprintf(p->out, "%" PRIu64, sig);
	sct_st__field_addr(p, "stack", sct_v__u64(v, 40));
	fprintf(p->out, ", stack_size=%#" PRIx64, sct_v__u64(v, 48));
	if (flags & CLONE_SETTLS)
		sct_st__field_addr(p, "tls", sct_v__u64(v, 56));
	if (v->len >= 80 && (sct_v__u64(v, 64) || sct_v__u64(v, 72))) {
		sct_st__field_addr(p, "set_tid", sct_v__u64(v, 64));
		fprintf(p->out, ", set_tid_size=%" PRIu64, sct_v__u64(v, 72));
	}
	if (v->len >= 88 && (sct_v__u64(v, 80) || (flags & SCT_CLONE_INTO_CGROUP)))
		fprintf(p->out, ", cgroup=%" PRIu64, sct_v__u64(v, 80));
	fputc('}', p->out);
	sct_st__clone_written(p, flags);
}

sct_struct_fn *sct_structs_proc__fn(unsigned int t)
{
	return t == SCT_T_CLONE_ARGS ? sct_st__clone_args : NULL;
}
