// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace: system-call tracer. Module entry points, the ring_size
 * parameter and /dev/sctrace (open, release, mmap, poll). The design is
 * described in sctrace.h; the ABI in sctrace_abi.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>

#include "sctrace.h"
#include "sct_wait.h"

#define SCT_RING_MIN	(64UL << 10)
#define SCT_RING_MAX	(1UL << 30)

unsigned long sct_ring_size_param = 8UL << 20;

static int sct_ring_size_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int err = kstrtoul(val, 0, &v);

	if (err)
		return err;
	if (!is_power_of_2(v) || v < SCT_RING_MIN || v > SCT_RING_MAX) {
		pr_err("ring_size=%lu: must be a power of two in [%lu, %lu]\n",
		       v, SCT_RING_MIN, SCT_RING_MAX);
		return -EINVAL;
	}
	WRITE_ONCE(sct_ring_size_param, v);
	return 0;
}

static const struct kernel_param_ops sct_ring_size_ops = {
	.set = sct_ring_size_set,
	.get = param_get_ulong,
};

module_param_cb(ring_size, &sct_ring_size_ops, &sct_ring_size_param, 0644);
MODULE_PARM_DESC(ring_size,
		 "bytes per CPU ring, power of two, 64 KiB..1 GiB (default 8 MiB); read at open()");

static struct sct_dev sct_dev;

static int sct_open(struct inode *inode, struct file *file)
{
	struct sct_dev *sd = &sct_dev;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (test_and_set_bit(0, &sd->busy))
		return -EBUSY;
	mutex_lock(&sd->lock);
	err = sct_tgid_alloc(&sd->tgids);
	if (!err)
		err = sct_cap_alloc(sd);
	if (!err)
		err = sct_rings_alloc(sd, READ_ONCE(sct_ring_size_param));
	if (err) {
		/* the rings clean up after themselves; these free what exists */
		sct_cap_free(sd);
		sct_tgid_free(&sd->tgids);
	} else {
		struct pid_namespace *ns = task_active_pid_ns(current);

		sct_dev_defaults(sd);
		sd->reader_tgid = current->tgid;
		sd->pid_ns = ns == &init_pid_ns ? NULL : get_pid_ns(ns);
		file->private_data = sd;
	}
	mutex_unlock(&sd->lock);
	if (err)
		clear_bit(0, &sd->busy);
	return err ? err : nonseekable_open(inode, file);
}

/* Last reference to the file: no mapping is left, no ioctl runs. */
static int sct_release(struct inode *inode, struct file *file)
{
	struct sct_dev *sd = file->private_data;

	mutex_lock(&sd->lock);
	sct_dev_stop_locked(sd);
	sct_rings_free(sd);
	sct_cap_free(sd);
	sct_tgid_free(&sd->tgids);
	if (sd->pid_ns)
		put_pid_ns(sd->pid_ns);
	sd->pid_ns = NULL;
	mutex_unlock(&sd->lock);
	clear_bit(0, &sd->busy);
	return 0;
}

static int sct_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sct_dev *sd = file->private_data;
	int err;

	mutex_lock(&sd->lock);
	err = sct_rings_mmap(sd, vma);
	mutex_unlock(&sd->lock);
	return err;
}

static __poll_t sct_poll(struct file *file, struct poll_table_struct *pt)
{
	struct sct_dev *sd = file->private_data;

	poll_wait(file, &sd->wq, pt);
	sct_wait_reader_caught_up(sd);
	/* pairs with smp_mb() in sct_ring_commit(), see there */
	smp_mb();
	return sct_rings_readable(sd) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations sct_fops = {
	.owner		= THIS_MODULE,
	.open		= sct_open,
	.release	= sct_release,
	.unlocked_ioctl	= sct_ioctl,
	.mmap		= sct_mmap,
	.poll		= sct_poll,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice sct_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= SCTRACE_DEVICE_NAME,
	.fops	= &sct_fops,
	/* open() itself checks CAP_SYS_ADMIN and answers EPERM */
	.mode	= 0666,
};

static int __init sct_init(void)
{
	int err;

	mutex_init(&sct_dev.lock);
	init_waitqueue_head(&sct_dev.wq);
	sct_wait_init(&sct_dev);
	err = sct_probes_init();
	if (err)
		return err;
	err = misc_register(&sct_misc);
	if (err)
		pr_err("cannot register /dev/%s: %d\n", SCTRACE_DEVICE_NAME, err);
	return err;
}

static void __exit sct_exit(void)
{
	misc_deregister(&sct_misc);
	/* release() unregistered the probes; be sure none is mid-flight */
	tracepoint_synchronize_unregister();
	sct_wait_exit();
}

module_init(sct_init);
module_exit(sct_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sctrace: per-CPU mmapped system-call tracer");
MODULE_AUTHOR("sctrace developers");
MODULE_VERSION("0.1.0");	/* keep equal to dkms.conf */
