// SPDX-License-Identifier: GPL-2.0
/*
 * sctrace per-CPU rings: allocation, the producer side, mmap.
 *
 * Each possible CPU owns one area, vmap()ed as
 *	[ ctrl page | data pages 0..n-1 | data pages 0..n-1 again ]
 * so a record that wraps the end of the ring is contiguous both for the
 * producer and for the reader, who maps the same layout (see
 * sctrace_abi.h). Only the owning CPU produces into its ring, with
 * preemption disabled (sct_probe.c), so producers need no atomics; the
 * reader is the only other party and synchronises through prod_pos and
 * cons_pos as described next to struct sctrace_ctrl.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "sctrace.h"
#include "sct_compat.h"

static void sct_wakeup_fn(struct irq_work *work)
{
	struct sct_cpu *rc = container_of(work, struct sct_cpu, wakeup);

	wake_up_all(&rc->dev->wq);
}

static void sct_ring_free(struct sct_cpu *rc)
{
	unsigned int i;

	if (!rc)
		return;
	irq_work_sync(&rc->wakeup);
	if (rc->area)
		vunmap(rc->area);
	for (i = 0; i < rc->nr_pages; i++)
		if (rc->pages[i])
			__free_page(rc->pages[i]);
	kvfree(rc->pages);
	kfree(rc);
}

static struct sct_cpu *sct_ring_alloc(struct sct_dev *sd, int cpu, u64 size)
{
	unsigned int nr_data = size >> PAGE_SHIFT, i;
	int node = cpu_to_node(cpu);
	struct page **map = NULL;
	struct sct_cpu *rc;

	rc = kzalloc_node(sizeof(*rc), GFP_KERNEL, node);
	if (!rc)
		return NULL;
	rc->dev = sd;
	rc->mask = size - 1;
	init_irq_work(&rc->wakeup, sct_wakeup_fn);
	rc->pages = kvcalloc(1 + nr_data, sizeof(*rc->pages), GFP_KERNEL);
	if (!rc->pages)
		goto fail;
	rc->nr_pages = 1 + nr_data;	/* sct_ring_free() walks this many */
	map = kvcalloc(1 + 2 * nr_data, sizeof(*map), GFP_KERNEL);
	if (!map)
		goto fail;
	for (i = 0; i < rc->nr_pages; i++) {
		/* zeroed: whatever the reader sees was written for it */
		rc->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO |
						__GFP_NOWARN | __GFP_ACCOUNT, 0);
		if (!rc->pages[i])
			goto fail;
	}
	map[0] = rc->pages[0];
	for (i = 0; i < nr_data; i++) {
		map[1 + i] = rc->pages[1 + i];
		map[1 + nr_data + i] = rc->pages[1 + i];
	}
	/* VM_USERMAP lets remap_vmalloc_range() hand these pages to mmap() */
	rc->area = vmap(map, 1 + 2 * nr_data, VM_MAP | VM_USERMAP, PAGE_KERNEL);
	if (!rc->area)
		goto fail;
	kvfree(map);
	rc->ctrl = rc->area;
	rc->ctrl->cpu = cpu;
	rc->data = (u8 *)rc->area + PAGE_SIZE;
	return rc;
fail:
	kvfree(map);
	sct_ring_free(rc);
	return NULL;
}

int sct_rings_alloc(struct sct_dev *sd, u64 ring_size)
{
	int cpu;

	sd->cpus = kcalloc(nr_cpu_ids, sizeof(*sd->cpus), GFP_KERNEL);
	if (!sd->cpus)
		return -ENOMEM;
	sd->ring_size = ring_size;
	for_each_possible_cpu(cpu) {
		sd->cpus[cpu] = sct_ring_alloc(sd, cpu, ring_size);
		if (!sd->cpus[cpu]) {
			pr_warn("cannot allocate %llu-byte ring for CPU %d\n",
				ring_size, cpu);
			sct_rings_free(sd);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Only once no probe can run and no mapping is left (release()). */
void sct_rings_free(struct sct_dev *sd)
{
	unsigned int cpu;

	if (!sd->cpus)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		sct_ring_free(sd->cpus[cpu]);
	kfree(sd->cpus);
	sd->cpus = NULL;
}

/*
 * Offsets: cpu * stride + 0 is the control page (exactly one page, shared,
 * may be writable), cpu * stride + PAGE_SIZE the data (exactly 2 *
 * ring_size, shared, never writable). Anything else is -EINVAL; a CPU id
 * that is not possible is -ENXIO.
 */
int sct_rings_mmap(struct sct_dev *sd, struct vm_area_struct *vma)
{
	u64 stride = PAGE_SIZE + 2 * sd->ring_size;
	unsigned long size = vma->vm_end - vma->vm_start;
	u64 off, rel, cpu;
	struct sct_cpu *rc;

	if (vma->vm_pgoff > (U64_MAX >> PAGE_SHIFT) || !(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	/*
	 * Not inherited by fork(), as perf_mmap() does: a child's copy would
	 * hold the file, so closing it in the reader would not stop capture
	 * (release() runs at the last reference), and the child could write
	 * cons_pos.
	 */
	sct_vma_set_flags(vma, VM_DONTCOPY);
	off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	cpu = div64_u64_rem(off, stride, &rel);
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	rc = sd->cpus[cpu];
	if (!rc)
		return -ENXIO;
	if (rel == 0) {
		if (size != PAGE_SIZE)
			return -EINVAL;
		return remap_vmalloc_range(vma, rc->area, 0);
	}
	if (rel != PAGE_SIZE || size != 2 * sd->ring_size)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	sct_vma_clear_flags(vma, VM_MAYWRITE);
	return remap_vmalloc_range(vma, rc->area, 1);
}

/* poll(): a ring holds at least watermark bytes (any byte once stopped). */
bool sct_rings_readable(struct sct_dev *sd)
{
	u64 need = sd->running ? sd->watermark : 1;
	unsigned int cpu;
	struct sct_cpu *rc;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		rc = sd->cpus[cpu];
		if (rc && READ_ONCE(rc->prod) - READ_ONCE(rc->ctrl->cons_pos) >= need)
			return true;
	}
	return false;
}

void sct_rings_sum(struct sct_dev *sd, struct sctrace_cpu_counters *sum)
{
	unsigned int cpu;
	struct sct_cpu *rc;

	memset(sum, 0, sizeof(*sum));
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		rc = sd->cpus[cpu];
		if (!rc)
			continue;
		sum->written += READ_ONCE(rc->cnt.written);
		sum->dropped_full += READ_ONCE(rc->cnt.dropped_full);
		sum->dropped_busy += READ_ONCE(rc->cnt.dropped_busy);
		sum->faults += READ_ONCE(rc->cnt.faults);
		sum->truncated += READ_ONCE(rc->cnt.truncated);
		sum->cons_invalid += READ_ONCE(rc->cnt.cons_invalid);
		sum->nulls += READ_ONCE(rc->cnt.nulls);
		sum->retried += READ_ONCE(rc->cnt.retried);
	}
}

/*
 * Drops not told yet belong to the capture that made them: a new one
 * starts without (only while stopped, as the counters).
 */
void sct_rings_forget_lost(struct sct_dev *sd)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (sd->cpus[cpu])
			sd->cpus[cpu]->lost = 0;
}

/*
 * Only while stopped: each CPU's first record of a capture loads and
 * checks cons_pos (its cache says the ring is full), whatever the reader
 * wrote there since (sct_ring_reserve()).
 */
void sct_rings_check_cons(struct sct_dev *sd)
{
	unsigned int cpu;
	struct sct_cpu *rc;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		rc = sd->cpus[cpu];
		if (rc)
			rc->cons = rc->prod - (rc->mask + 1);
	}
}

/* Only while stopped: producers update counters without atomics. */
void sct_rings_reset_counters(struct sct_dev *sd)
{
	unsigned int cpu;
	struct sct_cpu *rc;

	sct_rings_forget_lost(sd);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		rc = sd->cpus[cpu];
		if (!rc)
			continue;
		memset(&rc->cnt, 0, sizeof(rc->cnt));
		memset(&rc->ctrl->counters, 0, sizeof(rc->ctrl->counters));
	}
}
