// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: signals ("[INT TERM]", "~[RTMIN RT_1]",
 * "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}"), x86-64 layouts.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "errnames.h"
#include "print/pr.h"

/* signal n's name without "SIG", as strace lists a set */
static void sct_st__signame(FILE *out, unsigned int n)
{
	const char *name = sct_consts__name(sct_consts__find("signal", SCT_SET_ENUM), n, 64);

	if (name)
		fputs(name + 3, out);
	else
		fprintf(out, "%u", n);
}

/* a kernel sigset: bit n - 1 is signal n; the complement when shorter */
void sct_pr__sigset(const struct sct_pr *p, const struct sct_view *v)
{
	unsigned int n, nbits = (unsigned int)(v->len > 8 ? 64 : v->len * 8), set = 0;
	const char *sep = "";
	int invert;

	for (n = 0; n < nbits; n++)
		set += (v->d[n / 8] >> (n % 8)) & 1;
	invert = set > nbits / 2;
	fputs(invert ? "~[" : "[", p->out);
	for (n = 0; n < nbits; n++) {
		if (((v->d[n / 8] >> (n % 8)) & 1) == invert)
			continue;
		fputs(sep, p->out);
		sct_st__signame(p->out, n + 1);
		sep = " ";
	}
	fputc(']', p->out);
}

/* the kernel's struct sigaction: handler, flags, restorer, mask */
static void sct_st__ksigaction(const struct sct_pr *p, const struct sct_view *v)
{
	uint64_t handler = sct_v__u64(v, 0), flags = sct_v__u64(v, 8);
	const char *name = sct_consts__name(sct_consts__find("sa_handler", SCT_SET_ENUM), handler, 64);
	const struct sct_view mask = { v->d + 24, 8, 0 };

	fputs("{sa_handler=", p->out);
	if (name)
		fputs(name, p->out);
	else
		fprintf(p->out, "%#" PRIx64, handler);
	fputs(", sa_mask=", p->out);
	sct_pr__sigset(p, &mask);
	fputs(", sa_flags=", p->out);
	sct_consts__print_named(p->out, "sa_flags", SCT_SET_FLAGS, flags, 64);
	if (flags & 0x04000000)	/* SA_RESTORER */
		fprintf(p->out, ", sa_restorer=%#" PRIx64, sct_v__u64(v, 16));
	fputc('}', p->out);
}

/* stack_t: ss_sp, ss_flags (an int), ss_size */
static void sct_st__stack(const struct sct_pr *p, const struct sct_view *v)
{
	fputs("{ss_sp=", p->out);
	sct_pr__addr(p->out, sct_v__u64(v, 0));
	fputs(", ss_flags=", p->out);
	sct_consts__print_named(p->out, "ss_flags", SCT_SET_FLAGS, sct_v__u32(v, 8), 32);
	fprintf(p->out, ", ss_size=%" PRIu64 "}", sct_v__u64(v, 16));
}

/* the set of si_code's names for signo's own (positive) codes */
static const char *sct_st__code_set(int32_t signo, int32_t code)
{
	if (code <= 0 || code == SI_KERNEL)
		return "si_code";
	switch (signo) {
	case SIGCHLD:	return "si_code_chld";
	case SIGSEGV:	return "si_code_segv";
	case SIGBUS:	return "si_code_bus";
	case SIGILL:	return "si_code_ill";
	case SIGFPE:	return "si_code_fpe";
	case SIGTRAP:	return "si_code_trap";
	case SIGIO:	return "si_code_poll";
	case SIGSYS:	return "si_code_sys";
	}
	return NULL;
}

static bool sct_st__is_fault(int32_t signo)
{
	return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE ||
	       signo == SIGTRAP;
}

/* sigval as strace shows it: ", si_int=5, si_ptr=0x5" */
static void sct_st__sigval(FILE *out, const struct sct_view *v, size_t off)
{
	fprintf(out, ", si_int=%" PRId32 ", si_ptr=", (int32_t)sct_v__u32(v, off));
	sct_pr__addr(out, sct_v__u64(v, off));
}

/* ", si_utime=2 /- 0.02 s -/": clock ticks, USER_HZ 100 on x86, as strace */
static void sct_st__clock(FILE *out, const char *name, int64_t ticks)
{
	fprintf(out, ", %s=%" PRId64, name, ticks);
	if (ticks > 0)
		fprintf(out, " /* %" PRId64 ".%02" PRId64 " s */", ticks / 100, ticks % 100);
}

/*
 * The fields of siginfo_t's union that its signal and code say are there
 * (x86-64 offsets; the union at 16).
 */
static void sct_st__sifields(const struct sct_pr *p, const struct sct_view *v, int32_t signo,
			     int32_t code)
{
	FILE *out = p->out;
	int32_t status;

	if (code == SI_TIMER) {
		fprintf(out, ", si_timerid=%#" PRIx32 ", si_overrun=%" PRId32,
			sct_v__u32(v, 16), (int32_t)sct_v__u32(v, 20));
		sct_st__sigval(out, v, 24);
	} else if (code <= 0) {	/* from a process: kill, tgkill, sigqueue, mq_notify */
		fprintf(out, ", si_pid=%" PRIu32 ", si_uid=%" PRIu32, sct_v__u32(v, 16),
			sct_v__u32(v, 20));
		if (code == SI_QUEUE || code == SI_MESGQ)
			sct_st__sigval(out, v, 24);
	} else if (sct_st__is_fault(signo)) {
		fputs(", si_addr=", out);
		sct_pr__addr(out, sct_v__u64(v, 16));
	} else if (code == SI_KERNEL) {
		return;
	} else if (signo == SIGCHLD) {
		status = (int32_t)sct_v__u32(v, 24);
		fprintf(out, ", si_pid=%" PRIu32 ", si_uid=%" PRIu32 ", si_status=",
			sct_v__u32(v, 16), sct_v__u32(v, 20));
		if (code == CLD_EXITED)
			fprintf(out, "%" PRId32, status);
		else
			sct_pr__signal(out, (uint64_t)status);
		sct_st__clock(out, "si_utime", (int64_t)sct_v__u64(v, 32));
		sct_st__clock(out, "si_stime", (int64_t)sct_v__u64(v, 40));
	} else if (signo == SIGIO) {
		fprintf(out, ", si_band=%" PRId64 ", si_fd=%" PRId32, (int64_t)sct_v__u64(v, 16),
			(int32_t)sct_v__u32(v, 24));
	} else if (signo == SIGSYS) {
		fputs(", si_call_addr=", out);
		sct_pr__addr(out, sct_v__u64(v, 16));
		fprintf(out, ", si_syscall=%" PRId32 ", si_arch=", (int32_t)sct_v__u32(v, 24));
		sct_consts__print_named(out, "audit_arch", SCT_SET_ENUM, sct_v__u32(v, 28), 32);
	}
}

/*
 * siginfo_t (its first SCTRACE_SIGINFO_SIZE bytes are all it needs):
 * "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0,
 * si_status=3, si_utime=0, si_stime=0}", as strace prints it.
 */
void sct_pr__siginfo(const struct sct_pr *p, const struct sct_view *v)
{
	int32_t signo = (int32_t)sct_v__u32(v, 0), err = (int32_t)sct_v__u32(v, 4);
	int32_t code = (int32_t)sct_v__u32(v, 8);
	const char *set = sct_st__code_set(signo, code), *name = NULL, *ename;

	if (v->len < SCTRACE_SIGINFO_SIZE) {
		sct_pr__addr(p->out, v->addr);
		return;
	}
	fputs("{si_signo=", p->out);
	sct_pr__signal(p->out, (uint64_t)(uint32_t)signo);
	if (err) {
		ename = err > 0 ? sct_errno__name((unsigned int)err) : NULL;
		if (ename)
			fprintf(p->out, ", si_errno=%s", ename);
		else
			fprintf(p->out, ", si_errno=%" PRId32, err);
	}
	if (set)
		name = sct_consts__name(sct_consts__find(set, SCT_SET_ENUM), (uint64_t)(uint32_t)code, 32);
	if (name)
		fprintf(p->out, ", si_code=%s", name);
	else
		fprintf(p->out, ", si_code=%" PRId32, code);
	sct_st__sifields(p, v, signo, code);
	fputc('}', p->out);
}

/* A signal record's siginfo; one the sender gave none made as strace shows it. */
void sct_pr__sigrec(const struct sct_pr *p, const struct sctrace_signal *s)
{
	uint8_t info[SCTRACE_SIGINFO_SIZE];
	const struct sct_view v = { info, sizeof(info), 0 };
	int32_t code = (s->flags & SCTRACE_SIGNAL_KERNEL) ? SI_KERNEL : SI_USER;

	memcpy(info, s->info, sizeof(info));
	if (s->flags & (SCTRACE_SIGNAL_NOINFO | SCTRACE_SIGNAL_KERNEL)) {
		memset(info, 0, sizeof(info));
		memcpy(info, &s->signo, sizeof(s->signo));
		memcpy(info + 8, &code, sizeof(code));
	}
	sct_pr__siginfo(p, &v);
}

sct_struct_fn *sct_structs_sig__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_SIGINFO:	return sct_pr__siginfo;
	case SCT_T_STACK:	return sct_st__stack;
	case SCT_T_SIGSET:	return sct_pr__sigset;
	case SCT_T_KSIGACTION:	return sct_st__ksigaction;
	}
	return NULL;
}
