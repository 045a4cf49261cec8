// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The capture plan of the syscall table (plan.h). */
#include <errno.h>

#include "plan.h"
#include "syscalls.h"
#include "sysdesc.h"

struct sct_plan_out {
	struct sctrace_cap_item *items;
	size_t max;
	size_t n;
};

static void sct_plan__put(struct sct_plan_out *o, unsigned int abi, int nr,
			  unsigned int when, unsigned int arg, const struct sct_capspec *c,
			  uint16_t size)
{
	if (o->n < o->max)
		o->items[o->n] = (struct sctrace_cap_item){
			.nr = (__u16)nr, .abi = (__u8)abi, .when = (__u8)when,
			.arg = (__u8)arg, .kind = c->kind, .len_src = c->len_src,
			.len_arg = c->len_arg, .size = size, .flags = c->flags,
		};
	o->n++;
}

/* An x86-64 syscall: every copy, entry items first. */
static void sct_plan__x86_64(struct sct_plan_out *o, const struct sct_sysdesc *d, int nr,
			     unsigned int flags)
{
	const struct sct_argdesc *a;
	unsigned int when, i;
	uint16_t size;

	for (when = SCTRACE_CAP_ENTER; when <= SCTRACE_CAP_EXIT; when++)
		for (i = 0; i < d->nargs; i++) {
			a = &d->args[i];
			if (!a->cap[when].on)
				continue;
			size = a->cap[when].size;
			if (a->kind == SCT_A_ENVP && !(flags & SCT_PLAN_ENVP))
				size = 0;	/* how many, not what */
			sct_plan__put(o, SCTRACE_ABI_X86_64, nr, when, i, &a->cap[when], size);
		}
}

/* An i386 syscall that takes d's strings in the same places: those. */
static void sct_plan__i386(struct sct_plan_out *o, const struct sct_sysdesc *d, int nr)
{
	const struct sct_argdesc *a;
	unsigned int when, i;

	for (when = SCTRACE_CAP_ENTER; when <= SCTRACE_CAP_EXIT; when++)
		for (i = 0; i < d->nargs; i++) {
			a = &d->args[i];
			if (a->cap[when].on && a->cap[when].kind == SCTRACE_CAP_STR)
				sct_plan__put(o, SCTRACE_ABI_I386, nr, when, i, &a->cap[when], 0);
		}
}

int sct_plan__build(unsigned int flags, struct sctrace_cap_item *items, size_t max)
{
	struct sct_plan_out o = { .items = items, .max = items ? max : 0, .n = 0 };
	const struct sct_sysdesc *d;
	unsigned int j;
	size_t i;
	int nr;

	if (flags & ~SCT_PLAN_FLAGS)
		return -EINVAL;
	for (i = 0; i < sct_sysdesc__count(); i++) {
		d = sct_sysdesc__at(i);
		nr = sct_syscall__lookup_abi(SCTRACE_ABI_X86_64, d->name);
		if (nr >= 0)
			sct_plan__x86_64(&o, d, nr, flags);
		for (j = 0; j < SCT_SYSDESC_I386_MAX && d->i386[j]; j++) {
			nr = sct_syscall__lookup_abi(SCTRACE_ABI_I386, d->i386[j]);
			if (nr >= 0)
				sct_plan__i386(&o, d, nr);
		}
	}
	return (int)o.n;
}

unsigned int sct_plan__strargs(const struct sctrace_cap_item *items, size_t n,
			       struct sctrace_filter *f)
{
	unsigned int set = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (items[i].abi != SCTRACE_ABI_X86_64 || items[i].when != SCTRACE_CAP_ENTER ||
		    items[i].kind != SCTRACE_CAP_STR || items[i].nr >= SCTRACE_MAX_SYSCALLS)
			continue;
		set += !f->strargs[items[i].nr];
		f->strargs[items[i].nr] |= (__u8)(1U << items[i].arg);
	}
	return set;
}
