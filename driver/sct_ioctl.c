// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace ioctls. sct_ioctl() finds the command by type, number and
 * direction (the size bits of the command are not part of its identity:
 * the struct's own leading size field is, so structs can grow), copies the
 * argument in with copy_struct_from_user() semantics (down to the struct's
 * first published size: what a caller leaves out is zero), takes the
 * device lock and calls sct_ioctl_locked(), whose switch defaults to
 * -ENOTTY (SYNC waits without the lock; SET_CAPTURE reads its items
 * before taking it). Bad sizes and unknown flag bits are -EINVAL, bad
 * pointers -EFAULT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sctrace.h"
#include "sct_wait.h"

union sct_ioc_arg {
	struct sctrace_info info;
	struct sctrace_filter filter;
	struct sctrace_snaplen snaplen;
	struct sctrace_start start;
	struct sctrace_stop stop;
	struct sctrace_counters counters;
	struct sctrace_reset reset;
	struct sctrace_sync sync;
	struct sctrace_capture capture;
};

#define SCT_IOC_ID(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/*
 * Every command: its identity, the kernel's struct size, the struct's
 * first published size (smaller when a version appended fields), and
 * whether it is copied back.
 */
#define SCT_CMD(cmd, type, first, out) \
	{ SCT_IOC_ID(cmd), sizeof(struct type), first, out }
#define SCT_CMD_V1(cmd, type, out)	SCT_CMD(cmd, type, sizeof(struct type), out)

static const struct {
	unsigned int id;
	u32 ksize;
	u32 minsize;
	bool out;
} sct_cmds[] = {
	SCT_CMD_V1(SCTRACE_IOC_GET_INFO, sctrace_info, true),
	/* API 1.1's filter had no syscalls32: 1.2 traces none of them then */
	SCT_CMD(SCTRACE_IOC_SET_FILTER, sctrace_filter,
		offsetof(struct sctrace_filter, syscalls32), false),
	SCT_CMD_V1(SCTRACE_IOC_SET_SNAPLEN, sctrace_snaplen, false),
	SCT_CMD_V1(SCTRACE_IOC_START, sctrace_start, false),
	SCT_CMD_V1(SCTRACE_IOC_STOP, sctrace_stop, false),
	SCT_CMD_V1(SCTRACE_IOC_GET_COUNTERS, sctrace_counters, true),
	SCT_CMD_V1(SCTRACE_IOC_RESET_COUNTERS, sctrace_reset, false),
	SCT_CMD_V1(SCTRACE_IOC_SYNC, sctrace_sync, false),
	SCT_CMD_V1(SCTRACE_IOC_SET_CAPTURE, sctrace_capture, false),
};

/*
 * Defaults of a fresh open: every task but the reader, every syscall of
 * both tables, an empty plan.
 */
void sct_dev_defaults(struct sct_dev *sd)
{
	sd->filter_flags = SCTRACE_FILTER_ALL_TASKS;
	memset(sd->syscalls, 0xff, sizeof(sd->syscalls));
	memset(sd->syscalls32, 0xff, sizeof(sd->syscalls32));
	memset(sd->plan, 0, sizeof(*sd->plan));
	sct_tgid_clear(&sd->tgids);
	sd->nfilter_tgids = 0;
	memset(sd->filter_tgids, 0, sizeof(sd->filter_tgids));
	sd->snaplen = SCTRACE_DEFAULT_SNAPLEN;
	sd->watermark = 1;
	sct_wait_reset_counters(sd);	/* the rings' are new at each open */
	sct_wait_start(sd, false);
	sct_dev_sysmap(sd);
}

/* sd->sys from the filter's bitmaps and the plan; only while stopped. */
void sct_dev_sysmap(struct sct_dev *sd)
{
	const u64 *set[SCT_PLAN_ABIS] = { sd->syscalls, sd->syscalls32 };
	const struct sct_plan_entry *e;
	u32 abi, nr;
	u8 f;

	BUILD_BUG_ON(SCTRACE_ABI_X86_64 != 0 || SCTRACE_ABI_I386 != 1);
	for (abi = 0; abi < SCT_PLAN_ABIS; abi++)
		for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++) {
			e = &sd->plan->e[abi][nr];
			f = (set[abi][nr / 64] >> (nr % 64)) & 1 ? SCT_SYS_TRACED : 0;
			if (e->n[SCTRACE_CAP_ENTER])
				f |= SCT_SYS_ENTER_ITEMS;
			if (e->n[SCTRACE_CAP_EXIT] || e->retry)
				f |= SCT_SYS_EXIT_ITEMS;
			sd->sys[abi][nr] = f;
		}
}

static void sct_get_info_locked(struct sct_dev *sd, struct sctrace_info *info)
{
	memset(info, 0, sizeof(*info));
	info->api_major = SCTRACE_API_VERSION_MAJOR;
	info->api_minor = SCTRACE_API_VERSION_MINOR;
	info->schema_version = SCTRACE_SCHEMA_VERSION;
	info->nr_cpus = nr_cpu_ids;
	info->ring_size = sd->ring_size;
	info->ctrl_size = PAGE_SIZE;
	info->data_offset = PAGE_SIZE;
	info->mmap_stride = PAGE_SIZE + 2 * sd->ring_size;
	info->max_snaplen = SCTRACE_MAX_SNAPLEN;
	info->max_syscalls = SCTRACE_MAX_SYSCALLS;
	info->max_tgids = SCTRACE_MAX_TGIDS;
	info->max_cap_items = SCTRACE_CAP_MAX_ITEMS;
}

/*
 * The filter's tgids are in the opener's pid namespace; the probes compare
 * global ones. Translated once here, in the ioctl's own copy of the filter
 * (identity in the initial namespace, where a tgid that is not running
 * yet is accepted); -ESRCH for a tgid that does not exist in the opener's
 * namespace.
 */
static int sct_tgids_to_global(struct sct_dev *sd, struct sctrace_filter *f)
{
	struct pid *pid;
	int err = 0;
	u32 i;

	if (!sd->pid_ns)
		return 0;
	rcu_read_lock();
	for (i = 0; i < f->ntgids && !err; i++) {
		pid = find_pid_ns(f->tgids[i], sd->pid_ns);
		if (pid)
			f->tgids[i] = pid_nr(pid);
		else
			err = -ESRCH;
	}
	rcu_read_unlock();
	return err;
}

/*
 * The plan an API 1.1 filter's strargs[] stands for: a string at entry for
 * every bit, x86-64 table, bounded by the snaplen; built in plan_next.
 * -EINVAL when the plan refuses it (more than SCTRACE_CAP_MAX_PER).
 */
static int sct_plan_from_strargs(struct sct_plan *p, const u8 *strargs)
{
	struct sctrace_cap_item it = {
		.abi = SCTRACE_ABI_X86_64, .when = SCTRACE_CAP_ENTER,
		.kind = SCTRACE_CAP_STR,
	};
	u32 nr, a;

	memset(p, 0, sizeof(*p));
	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++)
		for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
			if (!(strargs[nr] & (1U << a)))
				continue;
			it.nr = nr;
			it.arg = a;
			if (sct_plan_add(p, &it))
				return -EINVAL;
		}
	return 0;
}

static int sct_set_filter_locked(struct sct_dev *sd, struct sctrace_filter *f)
{
	bool strings = false;
	int err;
	u32 i;

	if ((f->flags & ~SCTRACE_FILTER_FLAGS) || f->reserved ||
	    f->ntgids > SCTRACE_MAX_TGIDS)
		return -EINVAL;
	for (i = 0; i < SCTRACE_MAX_SYSCALLS; i++) {
		if (f->strargs[i] & ~((1U << SCTRACE_MAX_ARGS) - 1))
			return -EINVAL;
		strings |= f->strargs[i] != 0;
	}
	for (i = 0; i < SCTRACE_MAX_TGIDS; i++)
		if (i < f->ntgids ? !f->tgids[i] || f->tgids[i] >= PID_MAX_LIMIT
				  : f->tgids[i])
			return -EINVAL;
	if (sd->running)
		return -EBUSY;
	if (strings) {
		err = sct_plan_from_strargs(sd->plan_next, f->strargs);
		if (err)
			return err;
	}
	err = sct_tgids_to_global(sd, f);
	if (err)
		return err;
	/* the tgids after ntgids are zero: checked above */
	memcpy(sd->filter_tgids, f->tgids, sizeof(sd->filter_tgids));
	sd->nfilter_tgids = f->ntgids;
	sd->filter_flags = f->flags;
	memcpy(sd->syscalls, f->syscalls, sizeof(sd->syscalls));
	memcpy(sd->syscalls32, f->syscalls32, sizeof(sd->syscalls32));
	/* API 1.1: strings replace the plan; a 1.2 reader leaves them zero */
	if (strings)
		swap(sd->plan, sd->plan_next);
	sct_dev_sysmap(sd);
	return 0;
}

/*
 * SET_CAPTURE, without the lock while it reads the items: a fault on them
 * takes mmap_lock, which mmap() holds when it takes the lock. Each item is
 * read as copy_struct_from_user() reads a struct (a larger one's unknown
 * tail must be zero), then, under the lock, the plan is built in plan_next
 * by sct_plan_add() (the check libsctrace makes too) and replaces the plan
 * only when every item is accepted: a refused plan leaves the old one.
 */
static int sct_set_capture(struct sct_dev *sd, const struct sctrace_capture *c)
{
	const u8 __user *src = u64_to_user_ptr(c->items);
	struct sctrace_cap_item *items;
	struct sct_plan *p;
	int err = 0;
	u32 i;

	if (c->flags || c->nitems > SCTRACE_CAP_MAX_ITEMS ||
	    c->item_size < sizeof(*items) || c->item_size > PAGE_SIZE)
		return -EINVAL;
	items = kvmalloc_array(max(c->nitems, 1U), sizeof(*items), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	for (i = 0; i < c->nitems && !err; i++)
		err = copy_struct_from_user(&items[i], sizeof(*items),
					    src + (size_t)i * c->item_size,
					    c->item_size);
	if (err) {
		kvfree(items);
		return err == -E2BIG ? -EINVAL : err;
	}
	mutex_lock(&sd->lock);
	p = sd->plan_next;
	if (sd->running) {
		err = -EBUSY;
		goto out;
	}
	memset(p, 0, sizeof(*p));
	for (i = 0; i < c->nitems; i++)
		if (sct_plan_add(p, &items[i])) {
			err = -EINVAL;
			goto out;
		}
	swap(sd->plan, sd->plan_next);
	sct_dev_sysmap(sd);
out:
	mutex_unlock(&sd->lock);
	kvfree(items);
	return err;
}

static int sct_start_locked(struct sct_dev *sd, const struct sctrace_start *s)
{
	int err;

	/* a watermark the ring cannot reach would never wake the reader */
	if ((s->flags & ~SCTRACE_START_WAIT) || s->watermark > sd->ring_size / 2)
		return -EINVAL;
	if (sd->running)
		return -EBUSY;
	err = sct_wait_start(sd, s->flags & SCTRACE_START_WAIT);
	if (err)
		return err;
	sd->watermark = s->watermark ? s->watermark : 1;
	sct_rings_forget_lost(sd);
	sct_rings_check_cons(sd);
	/* strings to retry belong to the capture whose entries faulted */
	sct_tgid_clear(&sd->retry);
	err = sct_probes_start(sd);
	if (!err)
		sd->running = true;
	else	/* what the probes registered so far queued ends */
		sct_wait_stop(sd);
	return err;
}

void sct_dev_stop_locked(struct sct_dev *sd)
{
	if (!sd->running)
		return;
	sct_probes_stop(sd);
	sct_wait_stop(sd);
	sd->running = false;
	/* a reader sleeping in poll() may now drain what is left */
	wake_up_all(&sd->wq);
}

static int sct_counters_locked(struct sct_dev *sd, struct sctrace_counters *c)
{
	if (c->flags)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	sct_rings_sum(sd, &c->total);
	sct_wait_counters(sd, c);
	/* filter_full stays 0: the tgid bitmap cannot be full */
	return 0;
}

static long sct_ioctl_locked(struct sct_dev *sd, unsigned int id,
			     union sct_ioc_arg *a)
{
	switch (id) {
	case SCT_IOC_ID(SCTRACE_IOC_GET_INFO):
		sct_get_info_locked(sd, &a->info);
		return 0;
	case SCT_IOC_ID(SCTRACE_IOC_SET_FILTER):
		return sct_set_filter_locked(sd, &a->filter);
	case SCT_IOC_ID(SCTRACE_IOC_SET_SNAPLEN):
		if (a->snaplen.snaplen > SCTRACE_MAX_SNAPLEN)
			return -EINVAL;
		if (sd->running)
			return -EBUSY;
		sd->snaplen = a->snaplen.snaplen;
		return 0;
	case SCT_IOC_ID(SCTRACE_IOC_START):
		return sct_start_locked(sd, &a->start);
	case SCT_IOC_ID(SCTRACE_IOC_STOP):
		if (a->stop.flags)
			return -EINVAL;
		sct_dev_stop_locked(sd);
		return 0;
	case SCT_IOC_ID(SCTRACE_IOC_GET_COUNTERS):
		return sct_counters_locked(sd, &a->counters);
	case SCT_IOC_ID(SCTRACE_IOC_SYNC):
	case SCT_IOC_ID(SCTRACE_IOC_SET_CAPTURE):
		/* handled in sct_ioctl(), which takes the lock if need be */
		return -EINVAL;
	case SCT_IOC_ID(SCTRACE_IOC_RESET_COUNTERS):
		if (a->reset.flags)
			return -EINVAL;
		if (sd->running)
			return -EBUSY;
		sct_rings_reset_counters(sd);
		sct_wait_reset_counters(sd);
		return 0;
	}
	return -ENOTTY;
}

/*
 * The argument is copied in, handled and copied back out by
 * sct_ioctl_arg(); it lives on the heap because the union is large enough
 * that, with KASAN's redzones, a stack copy would exceed the 1 KiB frame
 * W=1 allows.
 */
static long sct_ioctl_arg(struct sct_dev *sd, unsigned int i,
			  void __user *uarg, union sct_ioc_arg *a)
{
	unsigned int id = sct_cmds[i].id;
	u32 usize, ksize = sct_cmds[i].ksize;
	long ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	/* no struct is older (smaller) than its first version, none huge */
	if (usize < sct_cmds[i].minsize || usize > PAGE_SIZE)
		return -EINVAL;
	ret = copy_struct_from_user(a, ksize, uarg, usize);
	if (ret)
		return ret == -E2BIG ? -EINVAL : ret;

	if (id == SCT_IOC_ID(SCTRACE_IOC_SYNC)) {
		if (a->sync.flags)
			return -EINVAL;
		/*
		 * Probes stamp and commit with preemption disabled; since the
		 * RCU flavours were merged (4.20) a grace period also waits for
		 * every preemption-disabled section that was running when it
		 * began. No lock: it only waits, and may take milliseconds.
		 */
		synchronize_rcu();
		return 0;
	}
	if (id == SCT_IOC_ID(SCTRACE_IOC_SET_CAPTURE))
		return sct_set_capture(sd, &a->capture);
	mutex_lock(&sd->lock);
	ret = sct_ioctl_locked(sd, id, a);
	mutex_unlock(&sd->lock);

	if (!ret && sct_cmds[i].out) {
		/* size says how much the kernel filled in */
		ksize = min(ksize, usize);
		*(u32 *)a = ksize;
		if (copy_to_user(uarg, a, ksize))
			return -EFAULT;
	}
	return ret;
}

long sct_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	unsigned int i, id = SCT_IOC_ID(cmd);
	union sct_ioc_arg *a;
	long ret;

	for (i = 0; i < ARRAY_SIZE(sct_cmds) && sct_cmds[i].id != id; i++)
		;
	if (i == ARRAY_SIZE(sct_cmds))
		return -ENOTTY;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = sct_ioctl_arg(file->private_data, i, (void __user *)arg, a);
	kfree(a);
	return ret;
}
