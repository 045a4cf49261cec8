// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Loading the eBPF probe, see bpf_load.h. */
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf_load.h"
#include "sct_plan.h"		/* a type of the skeleton's .bss */
#include "sctrace_bpf.skel.h"

#define SCT_BTF_PATH	"/sys/kernel/btf/vmlinux"
#define SCT_LOCKDOWN	"/sys/kernel/security/lockdown"
#define SCT_EXIT_FORMAT	"/sys/kernel/tracing/events/sched/sched_process_exit/format"
#define SCT_PIDNS	"/proc/self/ns/pid"
#define SCT_PROC_PID_INIT_INO	0xEFFFFFFCU	/* ns.inum of init_pid_ns */
#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif

/* What libbpf said during the current load or attach, in this thread. */
static __thread char sct_bpf_log[16384];
static __thread size_t sct_bpf_log_len;

static int sct_bpf__print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t room = sizeof(sct_bpf_log) - sct_bpf_log_len;
	va_list copy;
	int n;

	if (getenv("SCTRACE_BPF_VERBOSE")) {
		va_copy(copy, ap);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (level == LIBBPF_DEBUG || room <= 1)
		return 0;
	n = vsnprintf(sct_bpf_log + sct_bpf_log_len, room, fmt, ap);
	if (n > 0)
		sct_bpf_log_len += (size_t)n < room ? (size_t)n : room - 1;
	return 0;
}

/*
 * The verifier's reason: the line before its closing "processed N insns"
 * statistics in the program load log, else libbpf's last line.
 */
static const char *sct_bpf__reason(char *buf, size_t len)
{
	char *end = strstr(sct_bpf_log, "\nprocessed "), *start;

	if (!end) {
		end = sct_bpf_log + sct_bpf_log_len;
		while (end > sct_bpf_log && end[-1] == '\n')
			end--;
	}
	for (start = end; start > sct_bpf_log && start[-1] != '\n'; start--)
		;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return buf[0] ? buf : "no message from libbpf";
}

static bool sct_has_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

int sct_bpf__btf_missing(char *why, size_t whylen)
{
	struct utsname u;
	int err;

	if (!access(SCT_BTF_PATH, R_OK))
		return 0;
	err = errno;
	if (uname(&u))
		strcpy(u.release, "(unknown)");
	snprintf(why, whylen, "kernel %s has no BTF (%s: %s)", u.release, SCT_BTF_PATH,
		 strerror(err));
	return 1;
}

/* Checks what can be checked before loading: BTF, privileges, ring buffers. */
static int sct_bpf__precheck(struct sctrace *t, const char *rel)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	char why[200];

	if (sct_bpf__btf_missing(why, sizeof(why)))
		return sct_fail(t, ENOTSUP, "%s: the eBPF backend needs a kernel built with CONFIG_DEBUG_INFO_BTF=y; use the module backend (sctrace-dkms, or make dkms; sctrace --backend=kmod)",
				why);
	memset(d, 0, sizeof(d));
	if (!syscall(SYS_capget, &h, d) && !sct_has_cap(d, CAP_SYS_ADMIN) &&
	    !(sct_has_cap(d, CAP_BPF) && sct_has_cap(d, CAP_PERFMON)))
		return sct_fail(t, EPERM, "loading the eBPF probe needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN: run sctrace as root");
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) != 1)
		return sct_fail(t, ENOTSUP, "kernel %s is too old for the eBPF backend: it has no BPF ring buffers (Linux 5.8); use the module backend (sctrace-dkms, or make dkms; sctrace --backend=kmod)",
				rel);
	return 0;
}

/*
 * 1 when sched_process_exit's format (tracefs) has a group_dead field, 0
 * when it has none, -1 when the format cannot be read (no tracefs there).
 * The kernel that passes group_dead to the tracepoint records it too
 * (include/trace/events/sched.h: the argument and the field came in one
 * change); reading this small file spares a parse of the vmlinux BTF
 * (2-7 ms) that libbpf does again when it loads the programs.
 */
static int sct_bpf__exit_format_has_group_dead(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen(SCT_EXIT_FORMAT, "re");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "field:bool group_dead;") != NULL;
	fclose(f);
	return found;
}

/* 1 when the sched_process_exit tracepoint passes group_dead (its format, else its BTF). */
static int sct_bpf__exit_has_group_dead(void)
{
	int fmt = sct_bpf__exit_format_has_group_dead();
	const struct btf_type *p = NULL;
	struct btf *btf;
	int id, n = 0;

	if (fmt >= 0)
		return fmt;
	btf = btf__load_vmlinux_btf();

	if (!btf)
		return 0;
	id = btf__find_by_name_kind(btf, "btf_trace_sched_process_exit", BTF_KIND_TYPEDEF);
	if (id > 0)
		p = btf__type_by_id(btf, id);			/* typedef */
	if (p)
		p = btf__type_by_id(btf, p->type);		/* pointer */
	if (p && btf_is_ptr(p))
		p = btf__type_by_id(btf, p->type);		/* prototype */
	if (p && btf_is_func_proto(p))
		n = btf_vlen(p);	/* void *data, task [, group_dead] */
	btf__free(btf);
	return n >= 3;
}

static int sct_bpf__load_failed(struct sctrace *t, int err, const char *rel)
{
	char lockdown[128] = "", reason[200];
	FILE *f = fopen(SCT_LOCKDOWN, "re");

	if (f) {
		if (!fgets(lockdown, sizeof(lockdown), f))
			lockdown[0] = '\0';
		fclose(f);
	}
	if (strstr(lockdown, "[confidentiality]"))
		return sct_fail(t, EPERM, "kernel %s is locked down (confidentiality): BPF may not read kernel memory, the eBPF backend cannot work; boot with lockdown=integrity or none",
				rel);
	if (err == EPERM || err == EACCES)
		if (!strstr(sct_bpf_log, "LOAD LOG"))
			return sct_fail(t, err, "the kernel refused to load the eBPF probe: %s (run as root; is BPF restricted by a security module?)",
					strerror(err));
	return sct_fail(t, err, "kernel %s rejected the eBPF probe: %s (SCTRACE_BPF_VERBOSE=1 shows libbpf's log)",
			rel, sct_bpf__reason(reason, sizeof(reason)));
}

/* The maps' sizes and the probe's copy of the geometry (read-only data). */
static int sct_bpf__size(struct sctrace *t, struct sctrace_bpf *skel,
			 const struct sct_bpf_geom *g)
{
	int err;

	skel->rodata->sct_ring_size = g->ring_size;
	skel->rodata->sct_seg_mask = g->seg_size - 1;
	skel->rodata->sct_seg_shift = (uint32_t)__builtin_ctzll(g->seg_size);
	skel->rodata->sct_nseg = g->nseg;
	err = bpf_map__set_max_entries(skel->maps.sct_ctrl, g->ncpus);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.sct_data, g->ncpus * g->nseg);
	if (!err)
		err = bpf_map__set_value_size(skel->maps.sct_data, (uint32_t)g->seg_value);
	if (err)
		return sct_fail(t, -err, "cannot size the rings (%u CPUs, %u segments of %llu bytes): %s",
				g->ncpus, g->nseg, (unsigned long long)g->seg_size, strerror(-err));
	return 0;
}

/*
 * The inode number of sctrace's pid namespace, 0 for the initial one.
 * (Not NSpid in /proc/self/status: it counts the levels below the
 * namespace of that /proc, which is sctrace's own in a container.)
 */
static int sct_bpf__pidns(struct sctrace *t, uint32_t *ino)
{
	struct stat st;

	*ino = 0;
	if (!stat(SCT_PIDNS, &st)) {
		if (st.st_ino != SCT_PROC_PID_INIT_INO)
			*ino = (uint32_t)st.st_ino;
		return 0;
	}
	if (errno == ENOENT && !access("/proc/self", F_OK))
		return 0;	/* a kernel without pid namespaces */
	return sct_fail(t, errno, "cannot tell which pid namespace sctrace runs in: %s: %s (is /proc mounted?)",
			SCT_PIDNS, strerror(errno));
}

/*
 * Which programs load (sctrace.bpf.c): each for kernel ids or (ns) for the
 * ids of sctrace's pid namespace, and the exit program for this kernel's
 * sched_process_exit (gd: it passes group_dead).
 */
static void sct_bpf__choose(struct sctrace_bpf *skel, bool ns, bool gd)
{
	const struct {
		struct bpf_program *prog;
		bool load;
	} c[] = {
		{ skel->progs.sct_sys_enter, !ns },
		{ skel->progs.sct_sys_enter_ns, ns },
		{ skel->progs.sct_sys_exit, !ns },
		{ skel->progs.sct_sys_exit_ns, ns },
		{ skel->progs.sct_fork, !ns },
		{ skel->progs.sct_fork_ns, ns },
		{ skel->progs.sct_exit_live, !ns && !gd },
		{ skel->progs.sct_exit_live_ns, ns && !gd },
		{ skel->progs.sct_exit_group_dead, !ns && gd },
		{ skel->progs.sct_exit_group_dead_ns, ns && gd },
		{ skel->progs.sct_sig_deliver, !ns },
		{ skel->progs.sct_sig_deliver_ns, ns },
		{ skel->progs.sct_sig_generate, !ns },
		{ skel->progs.sct_sig_generate_ns, ns },
		{ skel->progs.sct_pidns_find, ns },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		bpf_program__set_autoload(c[i].prog, c[i].load);
}

/* Runs sct_pidns_find in this task: the level of its pid namespace. */
static int sct_bpf__pidns_level(struct sctrace *t, struct sctrace_bpf *skel)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sct_pidns_find), &run);
	if (err)
		return sct_fail(t, errno, "cannot find the level of sctrace's pid namespace (running the probe's sct_pidns_find): %s",
				strerror(errno));
	if (skel->bss->sct_pidns_found != skel->rodata->sct_pidns_ino)
		return sct_fail(t, ESRCH, "cannot find the level of sctrace's pid namespace: the probe saw namespace %u at level %u, not %u",
				skel->bss->sct_pidns_found, skel->bss->sct_pidns_level,
				skel->rodata->sct_pidns_ino);
	return 0;
}

static int sct_bpf__open_load(struct sctrace *t, struct sctrace_bpf **skelp,
			      const struct sct_bpf_geom *g, const char *rel)
{
	struct sctrace_bpf *skel;
	uint32_t ino;
	int err;

	err = sct_bpf__pidns(t, &ino);
	if (err)
		return err;
	*skelp = skel = sctrace_bpf__open();
	if (!skel)
		return sct_fail(t, errno, "cannot open the embedded eBPF probe: %s", strerror(errno));
	err = sct_bpf__size(t, skel, g);
	if (err)
		return err;
	skel->rodata->sct_pidns_ino = ino;
	sct_bpf__choose(skel, ino != 0, sct_bpf__exit_has_group_dead());
	err = sctrace_bpf__load(skel);
	if (err)
		return sct_bpf__load_failed(t, -err, rel);
	return ino ? sct_bpf__pidns_level(t, skel) : 0;
}

int sct_bpf__load(struct sctrace *t, struct sctrace_bpf **skel,
		  const struct sct_bpf_geom *g)
{
	libbpf_print_fn_t old = libbpf_set_print(sct_bpf__print);
	struct utsname u;
	int ret;

	sct_bpf_log_len = 0;
	sct_bpf_log[0] = '\0';
	if (uname(&u))
		strcpy(u.release, "(unknown)");
	ret = sct_bpf__precheck(t, u.release);
	if (!ret)
		ret = sct_bpf__open_load(t, skel, g, u.release);
	libbpf_set_print(old);
	return ret;
}

/* A program and where the skeleton keeps its link (sctrace_bpf__detach()). */
struct sct_bpf_attach {
	struct bpf_program *prog;
	struct bpf_link **link;
};

/* Attaches the loaded ones of progs[0..n-1] (sct_bpf__choose()), in order. */
static int sct_bpf__attach_progs(struct sctrace *t, const struct sct_bpf_attach *progs,
				 size_t n)
{
	libbpf_print_fn_t old = libbpf_set_print(sct_bpf__print);
	char reason[200];
	int err = 0;
	size_t i;

	sct_bpf_log_len = 0;
	sct_bpf_log[0] = '\0';
	for (i = 0; i < n && !err; i++) {
		if (!bpf_program__autoload(progs[i].prog) || *progs[i].link)
			continue;
		*progs[i].link = bpf_program__attach(progs[i].prog);
		if (!*progs[i].link)
			err = errno ? errno : EINVAL;
	}
	libbpf_set_print(old);
	if (!err)
		return 0;
	return sct_fail(t, err, "cannot attach the eBPF probe's %s to its tracepoint: %s (%s)",
			bpf_program__name(progs[i - 1].prog), strerror(err),
			sct_bpf__reason(reason, sizeof(reason)));
}

/* As the module's probes: fork first (sct_probes[] in driver/sct_probe.c). */
int sct_bpf__attach_follow(struct sctrace *t, struct sctrace_bpf *skel)
{
	const struct sct_bpf_attach progs[] = {
		{ skel->progs.sct_fork, &skel->links.sct_fork },
		{ skel->progs.sct_fork_ns, &skel->links.sct_fork_ns },
		{ skel->progs.sct_exit_live, &skel->links.sct_exit_live },
		{ skel->progs.sct_exit_live_ns, &skel->links.sct_exit_live_ns },
		{ skel->progs.sct_exit_group_dead, &skel->links.sct_exit_group_dead },
		{ skel->progs.sct_exit_group_dead_ns, &skel->links.sct_exit_group_dead_ns },
	};

	return sct_bpf__attach_progs(t, progs, sizeof(progs) / sizeof(progs[0]));
}

int sct_bpf__attach_syscalls(struct sctrace *t, struct sctrace_bpf *skel)
{
	const struct sct_bpf_attach progs[] = {
		{ skel->progs.sct_sig_generate, &skel->links.sct_sig_generate },
		{ skel->progs.sct_sig_generate_ns, &skel->links.sct_sig_generate_ns },
		{ skel->progs.sct_sig_deliver, &skel->links.sct_sig_deliver },
		{ skel->progs.sct_sig_deliver_ns, &skel->links.sct_sig_deliver_ns },
		{ skel->progs.sct_sys_enter, &skel->links.sct_sys_enter },
		{ skel->progs.sct_sys_enter_ns, &skel->links.sct_sys_enter_ns },
		{ skel->progs.sct_sys_exit, &skel->links.sct_sys_exit },
		{ skel->progs.sct_sys_exit_ns, &skel->links.sct_sys_exit_ns },
	};

	return sct_bpf__attach_progs(t, progs, sizeof(progs) / sizeof(progs[0]));
}
