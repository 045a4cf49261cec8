// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_bpfmaps: the eBPF backend's maps in the hands of a hostile root
 * process, while real readers read them; seeded, multi-threaded.
 *
 *   fuzz_bpfmaps [--seed S] [--ops N] [--threads T] [--hang SECS]
 *                [--no-hotplug] [--no-cli] [--reader-secs S]
 *
 * Readers run as children and are started again whenever one ends: this
 * program itself with --reader (libsctrace's eBPF backend, a random plan,
 * every record's items walked) and, unless --no-cli, the sctrace CLI
 * tracing everything into /dev/null (every decoder); each lives a few
 * seconds (--reader-secs, 10: from half to one and a half of it) and is
 * then asked to stop (SIGTERM, SIGINT); their messages go to
 * /tmp/fuzz_bpfmaps.*.log, whose ends are printed. Meanwhile T
 * threads find the probe's maps through its programs (BPF_PROG_GET_NEXT_ID,
 * their map ids, BPF_MAP_GET_FD_BY_ID) and, for N operations in all,
 * write random values into the control pages (cons_pos, prod_pos, the
 * probe's own state after them), random bytes into the data segments and
 * into .bss (filters, the capture plan, the traced set, the gate), update,
 * look up and delete elements with hostile keys and values, move the
 * doorbell ring buffer's consumer position, try to freeze maps; a workload
 * makes syscalls with hostile pointers and CPU 1 goes offline and online.
 *
 * Fails: a reader killed by a signal other than the one that asked it to
 * stop (a clean error exit, e.g. -EBADMSG
 * from a ring it no longer trusts, is fine), a reader that does not stop
 * within 300 s of being asked (loading the probe is not interrupted), a
 * kernel splat, a hang, sctrace programs or
 * maps left once every holder is gone (bpftool prog/map show). TAP.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "items.h"
#include "libsctrace.h"
#include "sct_plan.h"
#include "stress.h"

#define PAGE		4096UL
#define MAX_HELD	40

/* ---- the reader (--reader SEED): libsctrace, as a real one ------------------ */

static volatile sig_atomic_t reader_stop;

static void reader_sig(int sig)
{
	(void)sig;
	reader_stop = 1;
}

/* reads what a record holds, as a printer would */
static void reader_item(const struct sctrace_item *it)
{
	struct sct_strarr_view sv;
	struct sct_iov_view iv;
	struct sct_msg_view mv;
	const uint8_t *b;
	uint64_t base, len;
	size_t nb;
	char why[128];
	uint32_t i;

	if (!it || sct_item__check(it, why, sizeof(why)))
		return;
	switch (sct_item__kind(it)) {
	case SCTRACE_CAP_IOVEC:
		if (!sct_item__iov(it, &iv))
			for (i = 0; i < iv.niov; i++)
				sct_iov__get(&iv, i, &base, &len, &b, &nb);
		break;
	case SCTRACE_CAP_MSGHDR:
		if (!sct_item__msg(it, &mv))
			for (i = 0; i < mv.iov.niov; i++)
				sct_iov__get(&mv.iov, i, &base, &len, &b, &nb);
		break;
	case SCTRACE_CAP_STRARR:
		sct_item__strarr(it, &sv);
		break;
	}
}

static void reader_use(const struct sctrace_hdr *h)
{
	struct sct_items its;
	unsigned int a;
	char why[128];

	if (h->type != SCTRACE_REC_SYS_ENTER && h->type != SCTRACE_REC_SYS_EXIT)
		return;
	if (sct_items__walk(h, &its, why, sizeof(why)))
		return;
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		reader_item(its.arg[a]);
		reader_item(its.retry[a]);
	}
}

static int reader_main(uint64_t seed)
{
	struct sctrace_open_opts o = { .sz = sizeof(o), .backend = SCTRACE_BACKEND_BPF };
	struct sctrace_cap_item items[48];
	struct sigaction sa = { .sa_handler = reader_sig };
	const struct sctrace_hdr *h;
	uint64_t s = stress_mix(seed), nrec = 0;
	struct sct_plan *plan = calloc(1, sizeof(*plan));
	char err[512];
	struct sctrace *t;
	size_t n = 0;
	int i, ret = 0;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	o.ring_size = 64 << (rnd_below(&s, 3));
	o.ring_size <<= 10;
	t = sctrace_open(&o, err, sizeof(err));
	if (!t || !plan) {
		fprintf(stderr, "# reader: %s\n", t ? "no memory" : err);
		return 1;
	}
	for (i = 0; i < 48; i++) {	/* a plan libsctrace accepts */
		stress_cap_item(&s, &items[n]);
		if (!sct_plan_add(plan, &items[n]))
			n++;
	}
	if (sctrace_set_capture(t, items, n) || sctrace_set_snaplen(t, rnd_below(&s, 4097)) ||
	    sctrace_start(t, rnd_below(&s, 4096))) {
		fprintf(stderr, "# reader: %s\n", sctrace_errmsg(t));
		sctrace_close(t);
		return 1;
	}
	while (!reader_stop && ret >= 0) {
		sctrace_poll(t, 50);
		while (!reader_stop && (ret = sctrace_next(t, &h, 0)) > 0) {
			reader_use(h);
			nrec++;
		}
	}
	/* where a reader that does not stop in time is: its log says */
	fprintf(stderr, "# reader %d: %llu records, stopping (%d)\n", getpid(),
		(unsigned long long)nrec, ret);
	if (ret >= 0) {
		sctrace_stop(t);
		fprintf(stderr, "# reader %d: stopped, draining\n", getpid());
		while ((ret = sctrace_next(t, &h, SCTRACE_NEXT_DRAIN)) > 0 && nrec++ < 100000000)
			reader_use(h);
	}
	fprintf(stderr, "# reader %d: closing\n", getpid());
	sctrace_close(t);
	if (ret < 0) {	/* a clean refusal of what the maps hold */
		fprintf(stderr, "# reader: %llu records, then %s\n", (unsigned long long)nrec,
			strerror(-ret));
		return 2;
	}
	return 0;
}

/* ---- readers, kept running -------------------------------------------------- */

enum { R_LIB, R_CLI, NREADERS };

static const char *const reader_name[NREADERS] = { "libsctrace reader", "sctrace CLI" };
static const int reader_stop_sig[NREADERS] = { SIGTERM, SIGINT };
static const char *const reader_log[NREADERS] = {
	"/tmp/fuzz_bpfmaps.reader.log", "/tmp/fuzz_bpfmaps.cli.log",
};
static char self_exe[PATH_MAX], cli_path[PATH_MAX];
static struct stress_opts opt = { .ops = 20000, .threads = 3, .hang = 180, .hotplug = true };
static unsigned int opt_reader_secs = 10;
static bool opt_cli = true;
static uint64_t reader_seed;

static struct {
	pid_t pid;
	long long since, stop_at, asked_at;
	uint64_t runs, clean, errors, early, signals, hung, lastsig;
} rd[NREADERS];
static atomic_bool readers_done;

static pid_t reader_spawn(int r, uint64_t seed)
{
	char sbuf[32];
	pid_t pid = fork();
	int log;

	if (pid)
		return pid;
	snprintf(sbuf, sizeof(sbuf), "%llu", (unsigned long long)seed);
	log = open(reader_log[r], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log >= 0)	/* its messages (libbpf's too): not in the TAP stream */
		dup2(log, 2);
	if (r == R_LIB) {
		execl(self_exe, self_exe, "--reader", sbuf, (char *)NULL);
	} else {
		setenv("SCTRACE_BACKEND", "bpf", 1);
		dup2(2, 1);
		execl(cli_path, cli_path, "--all", "-f", "-yy", "-s", "64", "-o", "/dev/null",
		      (char *)NULL);
	}
	_exit(127);
}

/*
 * A reader dead of the very signal that asked it to stop did not crash:
 * it had not installed its handler yet (the CLI does once the probe is
 * loaded, which takes tens of seconds under KASAN in TCG).
 */
static void reader_reaped(int r, int st)
{
	if (WIFSIGNALED(st) && rd[r].asked_at && WTERMSIG(st) == reader_stop_sig[r]) {
		rd[r].early++;
	} else if (WIFSIGNALED(st) && !(rd[r].hung && WTERMSIG(st) == SIGKILL)) {
		rd[r].signals++;
		rd[r].lastsig = WTERMSIG(st);
		printf("# %s %d: killed by signal %d (%s)\n", reader_name[r], rd[r].pid,
		       WTERMSIG(st), strsignal(WTERMSIG(st)));
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		rd[r].clean++;
	} else if (WIFEXITED(st)) {
		rd[r].errors++;
	}
	rd[r].pid = 0;
}

/*
 * How long a reader may take to stop. A signal does not interrupt the
 * verifier: a reader asked to stop while loading its probe stops once
 * loaded, which took over 30 s under KASAN in a loaded TCG guest (kernel
 * stacks in bpf_check()).
 */
#define STOP_MS		300000

/* Each thread of pid: its state, where it waits, its kernel stack. */
static void print_tasks(pid_t pid)
{
	char path[320], buf[4096];
	struct dirent *d;
	DIR *dir;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		static const char *const what[] = { "stat", "wchan", "stack" };
		unsigned int i;

		if (d->d_name[0] == '.')
			continue;
		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "/proc/%d/task/%s/%s", pid, d->d_name, what[i]);
			f = fopen(path, "r");
			n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
			buf[n] = 0;
			if (f)
				fclose(f);
			for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
				printf("#   task %s %s: %s\n", d->d_name, what[i], l);
		}
	}
	if (dir)
		closedir(dir);
}

/* Starts readers, asks each to stop after a while, reaps, starts again. */
static void *readers_main(void *arg)
{
	uint64_t s = stress_mix(opt.seed ^ 0x72656164);
	long long now;
	int r, st;

	(void)arg;
	for (;;) {
		bool done = atomic_load(&readers_done), any = false;

		now = stress_now_ms();
		for (r = 0; r < NREADERS; r++) {
			if (r == R_CLI && !opt_cli)
				continue;
			if (rd[r].pid && waitpid(rd[r].pid, &st, WNOHANG) == rd[r].pid)
				reader_reaped(r, st);
			if (!rd[r].pid && !done) {
				rd[r].pid = reader_spawn(r, rnd(&s));
				rd[r].runs++;
				rd[r].since = now;
				/* loading the probe takes seconds of that in TCG */
				rd[r].stop_at = now + opt_reader_secs * (500 + rnd_below(&s, 1000));
				rd[r].asked_at = 0;
			}
			if (!rd[r].pid)
				continue;
			any = true;
			if (!rd[r].asked_at && (done || now >= rd[r].stop_at)) {
				kill(rd[r].pid, reader_stop_sig[r]);
				rd[r].asked_at = now;
			} else if (rd[r].asked_at && now - rd[r].asked_at > STOP_MS) {
				printf("# %s %d: still running %d s after it was asked to stop\n",
				       reader_name[r], rd[r].pid, STOP_MS / 1000);
				print_tasks(rd[r].pid);
				rd[r].hung++;
				kill(rd[r].pid, SIGKILL);
				rd[r].asked_at = now;	/* reaped next round */
			}
		}
		if (done && !any)
			return NULL;
		usleep(20000);
	}
}

/* ---- the maps held ------------------------------------------------------------ */

enum held_kind { H_CTRL, H_DATA, H_BELL, H_BSS, H_OTHER };

struct held {
	int fd;
	uint32_t id, type, value_size, max_entries, flags;
	enum held_kind kind;
	uint8_t *map;		/* mmap of the whole array, or the bell's consumer page */
	size_t maplen;
	bool writable;
	char name[BPF_OBJ_NAME_LEN];
};

static struct {
	pthread_rwlock_t lock;
	struct held h[MAX_HELD];
	int n;
} held = { .lock = PTHREAD_RWLOCK_INITIALIZER };

static enum held_kind held_kind(const char *name, uint32_t type)
{
	if (type == BPF_MAP_TYPE_RINGBUF)
		return H_BELL;
	if (!strcmp(name, "sct_ctrl"))
		return H_CTRL;
	if (!strcmp(name, "sct_data"))
		return H_DATA;
	if (strstr(name, ".bss") || strstr(name, ".data"))
		return H_BSS;
	return H_OTHER;
}

static void held_drop(struct held *h)
{
	if (h->map)
		munmap(h->map, h->maplen);
	close(h->fd);
	memset(h, 0, sizeof(*h));
	h->fd = -1;
}

/* maps it by the widest access the kernel gives */
static void held_map(struct held *h)
{
	size_t vs = (h->value_size + 7) & ~7UL;
	void *a;

	if (h->kind == H_BELL) {
		h->maplen = PAGE;
		a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
		h->writable = a != MAP_FAILED;
	} else if (h->flags & BPF_F_MMAPABLE) {
		h->maplen = ((size_t)h->max_entries * vs + PAGE - 1) & ~(PAGE - 1);
		a = mmap(NULL, h->maplen, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
		h->writable = a != MAP_FAILED;
		if (a == MAP_FAILED)	/* frozen (.rodata): read-only then */
			a = mmap(NULL, h->maplen, PROT_READ, MAP_SHARED, h->fd, 0);
	} else {
		return;
	}
	h->map = a == MAP_FAILED ? NULL : a;
}

static bool held_has(uint32_t id)
{
	int i;

	for (i = 0; i < held.n; i++)
		if (held.h[i].id == id)
			return true;
	return false;
}

/* takes the map of id (write lock held), dropping the oldest when full */
static void held_take(uint32_t id)
{
	struct bpf_map_info mi = { 0 };
	uint32_t len = sizeof(mi);
	struct held *h;
	int fd;

	if (held_has(id))
		return;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return;
	if (bpf_obj_get_info_by_fd(fd, &mi, &len)) {
		close(fd);
		return;
	}
	if (held.n == MAX_HELD) {
		held_drop(&held.h[0]);
		memmove(&held.h[0], &held.h[1], sizeof(held.h[0]) * (MAX_HELD - 1));
		held.n--;
	}
	h = &held.h[held.n++];
	memset(h, 0, sizeof(*h));
	h->fd = fd;
	h->id = id;
	h->type = mi.type;
	h->value_size = mi.value_size;
	h->max_entries = mi.max_entries;
	h->flags = mi.map_flags;
	memcpy(h->name, mi.name, sizeof(h->name));
	h->kind = held_kind(mi.name, mi.type);
	held_map(h);
}

static bool is_sct_name(const char *name)
{
	return !strncmp(name, "sct_", 4) || !strncmp(name, "sctrace", 7);
}

/* the maps of every sctrace program now loaded */
static int scan_maps(void)
{
	uint32_t id = 0, ids[64], n, i;
	int fd, found = 0;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info pi = { 0 };
		uint32_t len = sizeof(pi);

		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		pi.nr_map_ids = 64;
		pi.map_ids = (uintptr_t)ids;
		if (!bpf_obj_get_info_by_fd(fd, &pi, &len) && is_sct_name(pi.name)) {
			n = pi.nr_map_ids < 64 ? pi.nr_map_ids : 64;
			pthread_rwlock_wrlock(&held.lock);
			for (i = 0; i < n; i++)
				held_take(ids[i]);
			pthread_rwlock_unlock(&held.lock);
			found++;
		}
		close(fd);
	}
	return found;
}

/* ---- hostile operations ------------------------------------------------------- */

enum op { OP_SCAN, OP_CTRL, OP_DATA, OP_BSS, OP_UPDATE, OP_LOOKUP, OP_DELETE, OP_BELL,
	  OP_FREEZE, OP_NOISE, NOPS };
static const char *const op_names[NOPS] = {
	"scan", "ctrl-poke", "data-poke", "bss-poke", "update", "lookup", "delete",
	"bell-cons", "freeze", "noise",
};
/*
 * Few writes to the positions and the records, which end a reader at once
 * (-EBADMSG): between them readers read, garbled records included.
 */
static const unsigned int op_weight[NOPS] = {
	[OP_SCAN] = 4, [OP_CTRL] = 8, [OP_DATA] = 6, [OP_BSS] = 25, [OP_UPDATE] = 10,
	[OP_LOOKUP] = 5, [OP_DELETE] = 3, [OP_BELL] = 10, [OP_FREEZE] = 1, [OP_NOISE] = 5,
};
static _Atomic uint64_t outcome[NOPS][STRESS_NERR];

static void note(enum op op, long ret)
{
	int e = ret < 0 ? errno : 0;

	atomic_fetch_add(&outcome[op][e > 0 && e < STRESS_NERR ? e : 0], 1);
}

static struct held *held_pick(uint64_t *s, int kind)
{
	int i, k;

	if (!held.n)
		return NULL;
	k = rnd_below(s, held.n);
	for (i = 0; i < held.n; i++) {
		struct held *h = &held.h[(k + i) % held.n];

		if (kind < 0 || h->kind == (enum held_kind)kind)
			return h;
	}
	return NULL;
}

/* cons_pos, prod_pos, or any byte of a CPU's control value (its state too) */
static void op_ctrl(uint64_t *s)
{
	struct held *h = held_pick(s, H_CTRL);
	uint64_t *w, prod;

	if (!h || !h->map || !h->writable)
		return;
	w = (uint64_t *)(h->map + rnd_below(s, h->max_entries) * (size_t)h->value_size);
	prod = __atomic_load_n(&w[0], __ATOMIC_ACQUIRE);
	switch (rnd_below(s, 7)) {
	case 0: __atomic_store_n(&w[8], rnd_hostile(s), __ATOMIC_RELEASE); break;
	case 1: __atomic_store_n(&w[8], prod - rnd_below(s, 1 << 20), __ATOMIC_RELEASE); break;
	case 2: __atomic_store_n(&w[8], prod + 8 * rnd_below(s, 64), __ATOMIC_RELEASE); break;
	case 3: w[0] = rnd_one_in(s, 2) ? rnd_hostile(s) : prod + 8 * rnd_below(s, 4096); break;
	case 4:	/* the probe's own state, in the page after */
		w[SCTRACE_BPF_STATE_OFFSET / 8 + rnd_below(s, 64)] = rnd_hostile(s);
		break;
	default:
		__atomic_store_n(&w[8], prod, __ATOMIC_RELEASE);
		break;
	}
	note(OP_CTRL, 0);
}

static void poke(uint64_t *s, struct held *h)
{
	size_t at = rnd_below(s, h->maplen), n;

	if (rnd_one_in(s, 16)) {	/* a run of bytes, all one value */
		n = rnd_below(s, 8192);
		if (n > h->maplen - at)
			n = h->maplen - at;
		memset(h->map + at, rnd_one_in(s, 2) ? 0xff : (int)rnd(s), n);
	} else if (at + 8 <= h->maplen) {
		uint64_t v = rnd_hostile(s);

		memcpy(h->map + at, &v, 1 + rnd_below(s, 8));
	}
}

static void op_poke(uint64_t *s, enum op op, int kind)
{
	struct held *h = held_pick(s, kind);

	if (!h || !h->map || !h->writable)
		return;
	poke(s, h);
	note(op, 0);
}

static void op_update(uint64_t *s)
{
	struct held *h = held_pick(s, -1);
	static __thread uint8_t *val;
	static __thread size_t vlen;
	uint32_t key;
	uint64_t flags;
	size_t i;

	if (!h || !h->value_size)	/* the ring buffer has no values */
		return;
	if (h->value_size > vlen) {
		free(val);
		vlen = h->value_size;
		val = malloc(vlen);
		if (!val) {
			vlen = 0;
			return;
		}
	}
	key = rnd_one_in(s, 4) ? (uint32_t)rnd_hostile(s) : rnd_below(s, h->max_entries + 1);
	/* what is there, with a few bytes changed, or all random */
	if (h->type == BPF_MAP_TYPE_RINGBUF || bpf_map_lookup_elem(h->fd, &key, val) || rnd_one_in(s, 4))
		for (i = 0; i < h->value_size; i += 8)
			memcpy(val + i, &(uint64_t){ rnd(s) }, h->value_size - i < 8 ? h->value_size - i : 8);
	for (i = rnd_below(s, 16); i; i--)
		val[rnd_below(s, h->value_size)] = rnd(s);
	flags = rnd_one_in(s, 8) ? rnd_hostile(s) : rnd_below(s, 3);
	note(OP_UPDATE, bpf_map_update_elem(h->fd, &key, val, flags));
}

static void op_lookup(uint64_t *s, bool del)
{
	struct held *h = held_pick(s, -1);
	uint32_t key, next;
	static __thread uint8_t val[SCTRACE_BPF_CTRL_VALUE];

	if (!h)
		return;
	key = rnd_one_in(s, 3) ? (uint32_t)rnd_hostile(s) : rnd_below(s, h->max_entries + 1);
	if (del)
		note(OP_DELETE, bpf_map_delete_elem(h->fd, &key));
	else if (h->value_size <= sizeof(val))
		note(OP_LOOKUP, bpf_map_lookup_elem(h->fd, &key, val));
	else
		note(OP_LOOKUP, bpf_map_get_next_key(h->fd, rnd_one_in(s, 2) ? NULL : &key, &next));
}

/* the doorbell's consumer position: anything */
static void op_bell(uint64_t *s)
{
	struct held *h = held_pick(s, H_BELL);

	if (!h || !h->map || !h->writable)
		return;
	__atomic_store_n((uint64_t *)h->map, rnd_one_in(s, 2) ? rnd_hostile(s)
			 : __atomic_load_n((uint64_t *)h->map, __ATOMIC_ACQUIRE) - rnd_below(s, 4096),
			 __ATOMIC_RELEASE);
	note(OP_BELL, 0);
}

static void op_noise(uint64_t *s)
{
	char buf[256];
	int fd;

	if (rnd_one_in(s, 2)) {
		note(OP_NOISE, syscall(SYS_getppid));
		return;
	}
	fd = open("/dev/zero", O_RDONLY);
	note(OP_NOISE, fd < 0 ? -1 : read(fd, buf, sizeof(buf)));
	if (fd >= 0)
		close(fd);
}

static void *worker(void *arg)
{
	int idx = (int)(uintptr_t)arg;
	uint64_t n = opt.ops / opt.threads + ((uint64_t)idx < opt.ops % opt.threads), i;
	uint64_t s = stress_mix(opt.seed ^ (0x7468726561640000ULL + idx));
	enum op op;

	for (i = 0; i < n; i++) {
		op = rnd_pick(&s, op_weight, NOPS);
		atomic_store(&stress_doing[idx], op_names[op]);
		if (op == OP_SCAN) {
			note(OP_SCAN, scan_maps());
		} else {
			pthread_rwlock_rdlock(&held.lock);
			switch (op) {
			case OP_CTRL: op_ctrl(&s); break;
			case OP_DATA: op_poke(&s, OP_DATA, H_DATA); break;
			case OP_BSS: op_poke(&s, OP_BSS, H_BSS); break;
			case OP_UPDATE: op_update(&s); break;
			case OP_LOOKUP: op_lookup(&s, false); break;
			case OP_DELETE: op_lookup(&s, true); break;
			case OP_BELL: op_bell(&s); break;
			case OP_FREEZE: {
				struct held *h = held_pick(&s, -1);

				if (h)
					note(OP_FREEZE, bpf_map_freeze(h->fd));
				break;
			}
			case OP_NOISE: op_noise(&s); break;
			default: break;
			}
			pthread_rwlock_unlock(&held.lock);
		}
		atomic_fetch_add(&stress_progress, 1);
	}
	atomic_store(&stress_doing[idx], NULL);
	return NULL;
}

/* ---- leftovers ------------------------------------------------------------------ */

/* lines of `bpftool KIND show` naming an sctrace program or map, -1: no bpftool */
static int bpftool_sct(const char *kind, bool print)
{
	char cmd[128], line[512];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "bpftool %s show 2>/dev/null", kind);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		char *name = strstr(line, " name ");

		if (name && is_sct_name(name + 6)) {
			n++;
			if (print)
				printf("# bpftool %s show: %s", kind, line);
		}
	}
	return pclose(p) == 0 ? n : -1;
}

/* the last lines of a reader's log, as TAP comments */
static void print_tail(const char *path)
{
	char line[20][256];
	unsigned int n = 0, i;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line[n % 20], sizeof(line[0]), f))
		n++;
	fclose(f);
	printf("# %s: %u lines%s\n", path, n, n > 20 ? ", the last 20:" : "");
	for (i = n > 20 ? n - 20 : 0; i < n; i++)
		printf("#   %s%s", line[i % 20], strchr(line[i % 20], '\n') ? "" : "\n");
}


static void other_opt(int code, const char *arg)
{
	if (code == 'C' + 256)
		opt_cli = false;
	else if (code == 'L' + 256)
		opt_reader_secs = strtoul(arg, NULL, 0);
	else if (code == 'R' + 256)
		reader_seed = strtoull(arg, NULL, 0) | 1ULL << 63;
}

/* TAP: 1 nothing before, 2 the run, 3-4 readers, 5 workload, 6 leftovers, 7 kernel log */
int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "no-cli", no_argument, NULL, 'C' + 256 },
		{ "reader-secs", required_argument, NULL, 'L' + 256 },
		{ "reader", required_argument, NULL, 'R' + 256 }, { NULL, 0, NULL, 0 },
	};
	pthread_t th[STRESS_MAX_THREADS], rth;
	int c, i, kmsg, before_p, before_m, left_p = 0, left_m = 0, r;
	bool hotplug;
	long long t0, ms;
	pid_t wl;
	char *slash;
	ssize_t len;

	stress_getopt(argc, argv, &opt, lo, other_opt, "fuzz_bpfmaps [--seed S] [--ops N] "
		      "[--threads T] [--hang SECS] [--no-hotplug] [--no-cli] [--reader-secs S]");
	if (reader_seed)	/* a reader child (--reader SEED) */
		return reader_main(reader_seed << 1 >> 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* build/tests/stress/fuzz_bpfmaps -> build/bin/sctrace */
	len = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	self_exe[len > 0 ? len : 0] = 0;
	snprintf(cli_path, sizeof(cli_path), "%s", self_exe);
	for (i = 0; i < 3 && (slash = strrchr(cli_path, '/')); i++)
		*slash = 0;
	strncat(cli_path, "/bin/sctrace", sizeof(cli_path) - strlen(cli_path) - 1);
	if (opt_cli && access(cli_path, X_OK)) {
		printf("# %s: not built, the CLI reader is left out\n", cli_path);
		opt_cli = false;
	}
	printf("# fuzz_bpfmaps --seed %llu --ops %llu --threads %u (replay: the same seed)\n",
	       (unsigned long long)opt.seed, (unsigned long long)opt.ops, opt.threads);
	tap_plan(7);
	kmsg = kmsg_mark();

	/* 1 */
	before_p = bpftool_sct("prog", true);
	before_m = bpftool_sct("map", true);
	tap_ok(before_p == 0 && before_m == 0,
	       "bpftool runs and shows no sctrace program or map before the run (%d, %d)",
	       before_p, before_m);

	/* 2 */
	stress_guard_install();
	wl = stress_workload_start(opt.seed);
	hotplug = opt.hotplug && stress_hotplug_start(opt.seed);
	stress_thread(&rth, readers_main, NULL);
	/* the first readers load their probes (seconds in TCG) */
	t0 = stress_now_ms();
	for (i = 0; i < 1200 && !(r = scan_maps()); i++)
		usleep(100000);
	printf("# %d sctrace programs found after %.1f s\n", r, (stress_now_ms() - t0) / 1000.0);
	stress_watchdog_start(opt.hang);
	t0 = stress_now_ms();
	for (i = 0; i < (int)opt.threads; i++)
		stress_thread(&th[i], worker, (void *)(uintptr_t)i);
	for (i = 0; i < (int)opt.threads; i++)
		pthread_join(th[i], NULL);
	ms = stress_now_ms() - t0;
	stress_watchdog_stop();
	atomic_store(&readers_done, true);
	pthread_join(rth, NULL);
	if (hotplug)
		stress_hotplug_stop();
	stress_print_outcomes(op_names, outcome, NOPS);
	tap_ok(true, "%llu operations on the maps by %u threads in %.1f s, seed %llu; "
	       "%llu CPU 1 offline/online cycles%s", (unsigned long long)opt.ops, opt.threads,
	       ms / 1000.0, (unsigned long long)opt.seed, (unsigned long long)stress_hotplugs,
	       hotplug ? "" : " (CPU 1 not writable)");

	/* 3, 4 */
	for (r = 0; r < NREADERS; r++) {
		if (r == R_CLI && !opt_cli) {
			tap_skip("sctrace CLI not built", "the CLI reader");
			continue;
		}
		tap_ok(rd[r].runs && !rd[r].signals && !rd[r].hung,
		       "%s: %llu runs, %llu clean exits, %llu error exits, %llu stopped by our "
		       "signal before catching it, %llu killed by another signal (last %llu), "
		       "%llu not stopping when asked", reader_name[r],
		       (unsigned long long)rd[r].runs, (unsigned long long)rd[r].clean,
		       (unsigned long long)rd[r].errors, (unsigned long long)rd[r].early,
		       (unsigned long long)rd[r].signals,
		       (unsigned long long)rd[r].lastsig, (unsigned long long)rd[r].hung);
	}

	for (r = 0; r < NREADERS; r++)
		print_tail(reader_log[r]);

	/* 5 */
	c = stress_workload_stop(wl);
	tap_ok(WIFEXITED(c) && WEXITSTATUS(c) == 0,
	       "the traced workload exits cleanly (wait status %#x)", c);

	/* 6: nothing left once we let go (freed after an RCU grace period) */
	pthread_rwlock_wrlock(&held.lock);
	for (i = 0; i < held.n; i++)
		held_drop(&held.h[i]);
	held.n = 0;
	pthread_rwlock_unlock(&held.lock);
	for (i = 0; i < 100; i++) {
		left_p = bpftool_sct("prog", false);
		left_m = bpftool_sct("map", false);
		if (!left_p && !left_m)
			break;
		usleep(100000);
	}
	if (left_p || left_m) {
		bpftool_sct("prog", true);
		bpftool_sct("map", true);
	}
	tap_ok(!left_p && !left_m, "no sctrace program or map left (bpftool: %d programs, "
	       "%d maps)", left_p, left_m);

	/* 7 */
	c = kmsg < 0 ? -1 : kmsg_scan(kmsg);
	tap_ok(c == 0, "the kernel log has no splat (BUG, WARNING, KASAN, UBSAN, lockdep, "
	       "RCU stall, Oops) since the start%s", c < 0 ? ": cannot read /dev/kmsg" : "");
	return tap_failed() ? 1 : 0;
}
