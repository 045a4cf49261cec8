// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: signals ("[INT TERM]", "~[RTMIN RT_1]",
 * "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}"), x86-64 layouts.
 */
#include <inttypes.h>
#include <string.h>

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

sct_struct_fn *sct_structs_sig__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_STACK:	return sct_st__stack;
	case SCT_T_SIGSET:	return sct_pr__sigset;
	case SCT_T_KSIGACTION:	return sct_st__ksigaction;
	}
	return NULL;
}
