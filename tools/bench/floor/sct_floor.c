// SPDX-License-Identifier: GPL-2.0
/*
 * sct_floor: the bench's physical limit. Probes that do nothing, on the
 * four tracepoints sctrace's module uses (raw_syscalls:sys_enter/sys_exit,
 * sched:sched_process_fork/exit), registered at load and removed at
 * unload. What a workload pays with it loaded is what any tracer on these
 * tracepoints pays before it records anything: the syscall slow path that
 * an enabled syscall tracepoint puts every task on, and one indirect call
 * per tracepoint hit. tools/bench/tracers.sh ("floor") loads it around a
 * run; tools/bench-run builds it for each kernel next to the module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static void floor_sys(void *data, struct pt_regs *regs, long id_or_ret)
{
}

static void floor_fork(void *data, struct task_struct *parent,
		       struct task_struct *child)
{
}

/*
 * sched_process_exit has a bool group_dead after the task on newer
 * kernels: the probe does not read it, and on x86-64 an argument the
 * callee does not declare is simply not read.
 */
static void floor_exit(void *data, struct task_struct *p)
{
}

static struct {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool on;
} floor_tps[] = {
	{ "sched_process_fork", floor_fork },
	{ "sched_process_exit", floor_exit },
	{ "sys_enter", floor_sys },
	{ "sys_exit", floor_sys },
};

static void floor_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(floor_tps); i++)
		if (!strcmp(tp->name, floor_tps[i].name))
			floor_tps[i].tp = tp;
}

static void floor_unregister(void)
{
	int i;

	for (i = ARRAY_SIZE(floor_tps) - 1; i >= 0; i--)
		if (floor_tps[i].on)
			tracepoint_probe_unregister(floor_tps[i].tp,
						    floor_tps[i].probe, NULL);
	tracepoint_synchronize_unregister();
}

static int __init floor_init(void)
{
	int i, err;

	for_each_kernel_tracepoint(floor_find, NULL);
	for (i = 0; i < ARRAY_SIZE(floor_tps); i++) {
		if (!floor_tps[i].tp) {
			pr_err("tracepoint %s not found\n", floor_tps[i].name);
			err = -ENOENT;
			goto fail;
		}
		err = tracepoint_probe_register(floor_tps[i].tp,
						floor_tps[i].probe, NULL);
		if (err)
			goto fail;
		floor_tps[i].on = true;
	}
	return 0;
fail:
	floor_unregister();
	return err;
}

static void __exit floor_exit_module(void)
{
	floor_unregister();
}

module_init(floor_init);
module_exit(floor_exit_module);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sctrace bench: no-op probes on the syscall and process tracepoints");
