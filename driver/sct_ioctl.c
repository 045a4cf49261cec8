// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace ioctls. sct_ioctl() checks the command and copies the argument
 * in (copy_struct_from_user: size first, larger structs accepted when the
 * unknown tail is zero), takes the device lock and calls a *_locked()
 * helper; unknown commands are -ENOTTY, bad sizes and unknown flag bits
 * -EINVAL, bad pointers -EFAULT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "sctrace.h"

union sct_ioc_arg {
	struct sctrace_info info;
	struct sctrace_filter filter;
	struct sctrace_snaplen snaplen;
	struct sctrace_start start;
	struct sctrace_stop stop;
	struct sctrace_counters counters;
	struct sctrace_reset reset;
};

/* Defaults of a fresh open: every task but the reader, every syscall. */
void sct_dev_defaults(struct sct_dev *sd)
{
	sd->filter_flags = SCTRACE_FILTER_ALL_TASKS;
	memset(sd->syscalls, 0xff, sizeof(sd->syscalls));
	memset(sd->strargs, 0, sizeof(sd->strargs));
	sct_tgid_clear(&sd->tgids);
	sd->snaplen = SCTRACE_DEFAULT_SNAPLEN;
	sd->watermark = 1;
}

static void sct_get_info_locked(struct sct_dev *sd, struct sctrace_info *info)
{
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
}

static int sct_set_filter_locked(struct sct_dev *sd,
				 const struct sctrace_filter *f)
{
	u32 i;
	int err;

	if ((f->flags & ~SCTRACE_FILTER_FLAGS) || f->reserved ||
	    f->ntgids > SCTRACE_MAX_TGIDS)
		return -EINVAL;
	for (i = 0; i < SCTRACE_MAX_SYSCALLS; i++)
		if (f->strargs[i] & ~((1U << SCTRACE_MAX_ARGS) - 1))
			return -EINVAL;
	for (i = 0; i < f->ntgids; i++)
		if (!f->tgids[i] || f->tgids[i] > PID_MAX_LIMIT)
			return -EINVAL;
	if (sd->running)
		return -EBUSY;
	sct_tgid_clear(&sd->tgids);
	for (i = 0; i < f->ntgids; i++) {
		err = sct_tgid_add(&sd->tgids, f->tgids[i]);
		if (err)
			return err;
	}
	sd->filter_flags = f->flags;
	memcpy(sd->syscalls, f->syscalls, sizeof(sd->syscalls));
	memcpy(sd->strargs, f->strargs, sizeof(sd->strargs));
	return 0;
}

static int sct_start_locked(struct sct_dev *sd, const struct sctrace_start *s)
{
	int err;

	if (s->flags || s->watermark > sd->ring_size)
		return -EINVAL;
	if (sd->running)
		return -EBUSY;
	sd->watermark = s->watermark ? s->watermark : 1;
	err = sct_probes_start(sd);
	if (!err)
		sd->running = true;
	return err;
}

void sct_dev_stop_locked(struct sct_dev *sd)
{
	if (!sd->running)
		return;
	sct_probes_stop(sd);
	sd->running = false;
	/* a reader sleeping in poll() may now drain what is left */
	wake_up_all(&sd->wq);
}

static void sct_counters_locked(struct sct_dev *sd, struct sctrace_counters *c)
{
	sct_rings_sum(sd, &c->total);
	c->filter_full = atomic64_read(&sd->filter_full);
}

/* Commands with an argument struct to copy back to the caller. */
static bool sct_ioc_out(unsigned int cmd)
{
	return cmd == SCTRACE_IOC_GET_INFO || cmd == SCTRACE_IOC_GET_COUNTERS;
}

static long sct_ioctl_locked(struct sct_dev *sd, unsigned int cmd,
			     union sct_ioc_arg *a)
{
	switch (cmd) {
	case SCTRACE_IOC_GET_INFO:
		sct_get_info_locked(sd, &a->info);
		return 0;
	case SCTRACE_IOC_SET_FILTER:
		return sct_set_filter_locked(sd, &a->filter);
	case SCTRACE_IOC_SET_SNAPLEN:
		if (a->snaplen.snaplen > SCTRACE_MAX_SNAPLEN)
			return -EINVAL;
		if (sd->running)
			return -EBUSY;
		sd->snaplen = a->snaplen.snaplen;
		return 0;
	case SCTRACE_IOC_START:
		return sct_start_locked(sd, &a->start);
	case SCTRACE_IOC_STOP:
		if (a->stop.flags)
			return -EINVAL;
		sct_dev_stop_locked(sd);
		return 0;
	case SCTRACE_IOC_GET_COUNTERS:
		if (a->counters.flags)
			return -EINVAL;
		sct_counters_locked(sd, &a->counters);
		return 0;
	case SCTRACE_IOC_RESET_COUNTERS:
		if (a->reset.flags)
			return -EINVAL;
		if (sd->running)
			return -EBUSY;
		sct_rings_reset_counters(sd);
		return 0;
	}
	return -ENOTTY;
}

long sct_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sct_dev *sd = file->private_data;
	void __user *uarg = (void __user *)arg;
	size_t ksize = _IOC_SIZE(cmd);
	union sct_ioc_arg a;
	u32 usize;
	long ret;

	switch (cmd) {
	case SCTRACE_IOC_GET_INFO: case SCTRACE_IOC_SET_FILTER:
	case SCTRACE_IOC_SET_SNAPLEN: case SCTRACE_IOC_START:
	case SCTRACE_IOC_STOP: case SCTRACE_IOC_GET_COUNTERS:
	case SCTRACE_IOC_RESET_COUNTERS:
		break;
	default:
		return -ENOTTY;
	}
	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	/* older (smaller) structs than the first published one don't exist */
	if (usize < ksize)
		return -EINVAL;
	ret = copy_struct_from_user(&a, ksize, uarg, usize);
	if (ret)
		return ret == -E2BIG ? -EINVAL : ret;

	mutex_lock(&sd->lock);
	ret = sct_ioctl_locked(sd, cmd, &a);
	mutex_unlock(&sd->lock);

	if (!ret && sct_ioc_out(cmd)) {
		/* the caller's size stays, the kernel fills what it knows */
		*(u32 *)&a = usize;
		if (copy_to_user(uarg, &a, ksize))
			return -EFAULT;
	}
	return ret;
}
