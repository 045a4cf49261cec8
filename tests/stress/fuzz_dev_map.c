// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_dev: the device's mappings: mmap with random offsets, lengths,
 * protections and flags; munmap, mremap, mprotect, madvise; cons_pos and
 * the rings touched; fork while mapped.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_dev.h"

struct map_table maps = { .lock = PTHREAD_RWLOCK_INITIALIZER };

/* ---- mappings ------------------------------------------------------------- */

static void map_add(const struct mapping *m)
{
	int i;

	pthread_rwlock_wrlock(&maps.lock);
	for (i = 0; i < MAX_MAPS && maps.m[i].used; i++)
		;
	if (i < MAX_MAPS) {
		maps.m[i] = *m;
		maps.m[i].used = true;
	}
	pthread_rwlock_unlock(&maps.lock);
	if (i == MAX_MAPS)
		munmap(m->addr, m->len);
}

void op_mmap(struct scratch *x)
{
	uint64_t *s = &x->s;
	struct sctrace_info in;
	struct mapping m = { 0 };
	uint64_t off, rs;
	int prot, flags, fd;
	size_t len;
	void *a;

	pthread_mutex_lock(&geom.lock);
	in = geom.info;
	pthread_mutex_unlock(&geom.lock);
	rs = in.ring_size ? in.ring_size : 1 << 16;
	m.cpu = rnd_below(s, (in.nr_cpus ? in.nr_cpus : 2) + 1);
	off = m.cpu * (in.mmap_stride ? in.mmap_stride : PAGE + 2 * rs);
	m.kind = rnd_below(s, 2) ? MAP_CTRL : MAP_DATA;
	len = m.kind == MAP_CTRL ? PAGE : 2 * rs;
	prot = m.kind == MAP_CTRL ? PROT_READ | PROT_WRITE : PROT_READ;
	flags = MAP_SHARED;
	if (m.kind == MAP_DATA)
		off += PAGE;
	if (rnd_one_in(s, 4)) {	/* something else: offset, length, protection, flags */
		m.kind = MAP_ODD;
		switch (rnd_below(s, 4)) {
		case 0: off += PAGE * rnd_below(s, 4); break;
		case 1: len = PAGE * (1 + rnd_below(s, 40)); break;
		case 2: off = PAGE * rnd_below(s, 1 << 20); break;
		default: off = rnd_hostile(s) & ~(PAGE - 1); break;
		}
		prot = rnd_below(s, 8);
		flags = rnd_one_in(s, 2) ? MAP_PRIVATE : rnd_one_in(s, 2) ? MAP_SHARED_VALIDATE
							      : MAP_SHARED;
		if (rnd_one_in(s, 4))
			flags |= MAP_POPULATE;
		if (rnd_one_in(s, 8))
			flags |= MAP_LOCKED;
		if (rnd_one_in(s, 8))
			flags |= MAP_SYNC | MAP_SHARED_VALIDATE;
	} else if (rnd_one_in(s, 3)) {
		flags |= MAP_POPULATE;
	}
	pthread_rwlock_rdlock(&fds.lock);
	fd = fd_pick(x, &m.gen);
	a = mmap(NULL, len, prot, flags, fd, off);
	pthread_rwlock_unlock(&fds.lock);
	note(OP_MMAP, a == MAP_FAILED ? -1 : 0);
	if (a == MAP_FAILED)
		return;
	m.addr = a;
	m.len = len;
	m.ring_size = rs;
	if (m.kind == MAP_ODD || (m.kind == MAP_DATA && len != 2 * rs))
		m.kind = MAP_ODD;
	map_add(&m);
}

/* A random used mapping (lock held by the caller), or NULL. */
static __attribute__((noinline)) struct mapping *map_pick(struct scratch *x, int kind)
{
	int i, start = rnd_below(&x->s, MAX_MAPS);

	for (i = 0; i < MAX_MAPS; i++) {
		struct mapping *m = &maps.m[(start + i) % MAX_MAPS];

		if (m->used && (kind < 0 || m->kind == (enum map_kind)kind))
			return m;
	}
	return NULL;
}

/* munmap of the whole mapping, its first or last page, or one inside. */
void op_munmap(struct scratch *x)
{
	struct mapping *m, rest;
	size_t pages, at;
	int ret;

	pthread_rwlock_wrlock(&maps.lock);
	m = map_pick(x, -1);
	if (!m)
		goto out;
	pages = m->len / PAGE;
	switch (pages > 1 ? rnd_below(&x->s, 4) : 0) {
	case 0:
		ret = munmap(m->addr, m->len);
		m->used = false;
		break;
	case 1:
		ret = munmap(m->addr, PAGE);
		m->addr += PAGE;
		m->len -= PAGE;
		m->kind = MAP_ODD;
		break;
	case 2:
		ret = munmap(m->addr + m->len - PAGE, PAGE);
		m->len -= PAGE;
		m->kind = MAP_ODD;
		break;
	default:	/* a hole: two mappings left, the second in a free slot */
		at = 1 + rnd_below(&x->s, pages - 1);
		ret = munmap(m->addr + at * PAGE, PAGE);
		rest = *m;
		rest.addr = m->addr + (at + 1) * PAGE;
		rest.len = m->len - (at + 1) * PAGE;
		rest.kind = m->kind = MAP_ODD;
		m->len = at * PAGE;
		if (rest.len) {
			struct mapping *f = NULL;
			int i;

			for (i = 0; i < MAX_MAPS && !f; i++)
				if (!maps.m[i].used)
					f = &maps.m[i];
			if (f)
				*f = rest;
			else
				munmap(rest.addr, rest.len);
		}
		break;
	}
	note(OP_MUNMAP, ret);
out:
	pthread_rwlock_unlock(&maps.lock);
}

void op_mremap(struct scratch *x)
{
	struct mapping *m;
	size_t nlen;
	void *a;

	pthread_rwlock_wrlock(&maps.lock);
	m = map_pick(x, -1);
	if (!m)
		goto out;
	switch (rnd_below(&x->s, 4)) {
	case 0:	/* shrink in place */
		nlen = m->len > PAGE ? m->len - PAGE : m->len;
		a = mremap(m->addr, m->len, nlen, 0);
		break;
	case 1:	/* grow: the mapping cannot expand */
		nlen = m->len + PAGE;
		a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE);
		break;
	case 2:	/* keep the old one mapped too: refused */
		nlen = m->len;
		a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		break;
	default:	/* move: a larger hole elsewhere first, then shrink into it */
		nlen = m->len;
		a = mmap(NULL, nlen + PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a != MAP_FAILED) {
			void *to = (uint8_t *)a + PAGE;

			a = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, to);
			if (a == MAP_FAILED)
				munmap(to, nlen);
			munmap((uint8_t *)to - PAGE, PAGE);
		}
		break;
	}
	note(OP_MREMAP, a == MAP_FAILED ? -1 : 0);
	if (a != MAP_FAILED) {
		if (a != m->addr || nlen != m->len)
			m->kind = nlen == m->len ? m->kind : MAP_ODD;
		m->addr = a;
		m->len = nlen;
	}
out:
	pthread_rwlock_unlock(&maps.lock);
}

void op_mprotect(struct scratch *x)
{
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, -1);
	if (m)
		note(OP_MPROTECT, mprotect(m->addr, m->len, rnd_below(&x->s, 8)));
	pthread_rwlock_unlock(&maps.lock);
}

void op_madvise(struct scratch *x)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_DOFORK, MADV_DONTFORK, MADV_WILLNEED, MADV_COLD,
		MADV_PAGEOUT, MADV_REMOVE, MADV_FREE, MADV_WIPEONFORK, MADV_DONTDUMP,
		MADV_MERGEABLE, MADV_HUGEPAGE, MADV_POPULATE_READ, MADV_POPULATE_WRITE,
	};
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, -1);
	if (m)
		note(OP_MADVISE, madvise(m->addr, m->len,
					 advice[rnd_below(&x->s, sizeof(advice) / sizeof(advice[0]))]));
	pthread_rwlock_unlock(&maps.lock);
}

/* ---- touching the mappings ------------------------------------------------ */

static inline void cons_store(struct sctrace_ctrl *c, uint64_t v)
{
	__atomic_store_n(&c->cons_pos, v, __ATOMIC_RELEASE);
}

/* cons_pos: anything, near prod, behind it by up to a ring, unaligned. */
void op_cons(struct scratch *x)
{
	uint64_t *s = &x->s, prod, v;
	struct sctrace_ctrl *c;
	struct mapping *m;

	pthread_rwlock_rdlock(&maps.lock);
	m = map_pick(x, MAP_CTRL);
	if (m && STRESS_TRY()) {
		c = (struct sctrace_ctrl *)m->addr;
		prod = __atomic_load_n(&c->prod_pos, __ATOMIC_ACQUIRE);
		switch (rnd_below(s, 8)) {
		case 0: v = rnd_hostile(s); break;
		case 1: v = prod + 8 * (1 + rnd_below(s, 64)); break;		/* ahead */
		case 2: v = prod - m->ring_size - 8 * rnd_below(s, 4); break;	/* a ring behind */
		case 3: v = prod - rnd_below(s, m->ring_size); break;		/* unaligned */
		case 4:	/* anywhere in the page the kernel does not read */
			m->addr[rnd_below(s, PAGE)] = rnd(s);
			v = c->cons_pos;
			break;
		default: v = prod; break;					/* caught up */
		}
		cons_store(c, v);
		STRESS_END();
		note(OP_CONS, 0);
	}
	pthread_rwlock_unlock(&maps.lock);
}

/*
 * As a reader: the records between cons_pos and prod_pos of a ring whose
 * control page and data come from one open, each length checked before it
 * is followed, then cons_pos moved to the end. Else random bytes of any
 * mapping.
 */
void op_read_ring(struct scratch *x)
{
	struct mapping *volatile c = NULL, *volatile d = NULL;	/* kept across a fault */
	volatile uint8_t sink;
	uint64_t cons, prod, n = 0;
	int i;

	pthread_rwlock_rdlock(&maps.lock);
	c = map_pick(x, MAP_CTRL);
	for (i = 0; c && i < MAX_MAPS && !d; i++)
		if (maps.m[i].used && maps.m[i].kind == MAP_DATA && maps.m[i].gen == c->gen &&
		    maps.m[i].cpu == c->cpu && maps.m[i].len == 2 * c->ring_size)
			d = &maps.m[i];
	if (!d || rnd_one_in(&x->s, 4)) {
		d = map_pick(x, -1);
		if (d && STRESS_TRY()) {
			for (i = 0; i < 16; i++)
				sink = d->addr[rnd_below(&x->s, d->len)];
			STRESS_END();
		}
		goto out;
	}
	if (STRESS_TRY()) {
		struct sctrace_ctrl *ctl = (struct sctrace_ctrl *)c->addr;

		prod = __atomic_load_n(&ctl->prod_pos, __ATOMIC_ACQUIRE);
		cons = ctl->cons_pos;
		while (cons < prod && prod - cons <= c->ring_size && n++ < 4096) {
			const struct sctrace_hdr *h =
				(const void *)(d->addr + (cons & (c->ring_size - 1)));
			uint32_t len = h->len;

			if (len < sizeof(*h) || len % 8 || len > c->ring_size)
				break;
			sink = ((const uint8_t *)h)[len - 1];
			cons += len;
		}
		cons_store(ctl, cons);
		STRESS_END();
	}
out:
	(void)sink;
	note(OP_READ_RING, 0);
	pthread_rwlock_unlock(&maps.lock);
}

/* ---- fork while mapped ----------------------------------------------------- */

/*
 * The child sees none of the mappings (VM_DONTCOPY) unless MADV_DOFORK
 * gave them back: it touches each (a fault kills it, as expected), or maps
 * the device through the fd it inherited and calls ioctls on it.
 */
void op_fork(struct scratch *x)
{
	uint64_t r = rnd(&x->s);
	struct sctrace_stop stop = { .size = sizeof(stop) };
	int fd, st, i;
	pid_t pid;

	pthread_rwlock_rdlock(&fds.lock);
	pthread_rwlock_rdlock(&maps.lock);
	fd = fd_pick(x, NULL);
	pid = fork();
	if (pid == 0) {
		if (r & 1) {
			void *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

			if (a != MAP_FAILED)
				cons_store(a, r);
			ioctl(fd, r & 2 ? SCTRACE_IOC_STOP : SCTRACE_IOC_SYNC, &stop);
			_exit(0);
		}
		for (i = 0; i < MAX_MAPS; i++)
			if (maps.m[i].used) {
				volatile uint8_t v = maps.m[i].addr[0];

				if (maps.m[i].kind == MAP_CTRL)
					cons_store((void *)maps.m[i].addr, r + v);
			}
		_exit(0);
	}
	pthread_rwlock_unlock(&maps.lock);
	pthread_rwlock_unlock(&fds.lock);
	note(OP_FORK, pid);
	if (pid < 0)
		return;
	atomic_fetch_add(&child_forks, 1);
	if (waitpid(pid, &st, 0) == pid &&
	    !(WIFEXITED(st) && WEXITSTATUS(st) == 0) &&
	    !(WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS))) {
		printf("# forked child: wait status %#x\n", st);
		atomic_fetch_add(&child_bad, 1);
	}
}
