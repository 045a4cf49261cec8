// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Named constants (consts.in, values from the system headers) printed as
 * strace prints them: "O_RDONLY|O_CLOEXEC", "O_RDONLY|0x80000000",
 * "0x100 (PROT_???)" with the comment marks strace puts around it.
 */
#include <inttypes.h>

#include "print/pr.h"

#include "print_consts.h"	/* generated: sct_constsets[] */

#define SCT_NSETS	(sizeof(sct_constsets) / sizeof(sct_constsets[0]))

const struct sct_constset *sct_consts__find(const char *name, unsigned int kind)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < SCT_NSETS; i++)
		if (sct_constsets[i].kind == kind && !strcmp(sct_constsets[i].name, name))
			return &sct_constsets[i];
	return NULL;
}

static uint64_t sct_consts__mask(unsigned int width)
{
	return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

const char *sct_consts__name(const struct sct_constset *s, uint64_t v, unsigned int width)
{
	uint64_t m = sct_consts__mask(width);
	const struct sct_const *c;

	for (c = s ? s->c : NULL; c && c->name; c++)
		if ((c->value & m) == (v & m))
			return c->name;
	return NULL;
}

/* consts.in's UNKNOWN "-": unknown values in decimal, no comment (signals) */
static int sct_consts__decimal(const struct sct_constset *s)
{
	return !strcmp(s->unknown, "-");
}

/* an ioctl number no set names, in its fields (asm-generic/ioctl.h): "_IOC(_IOC_READ, 0x7e, 0x3, 0x4)" */
static void sct_consts__ioc(FILE *out, uint64_t v)
{
	static const char *const dir[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE" };

	fprintf(out, "_IOC(%s, %#x, %#x, %#x)", dir[(v >> 30) & 3], (unsigned int)(v >> 8) & 0xff,
		(unsigned int)v & 0xff, (unsigned int)(v >> 16) & 0x3fff);
}

static void sct_consts__unknown(FILE *out, const struct sct_constset *s, uint64_t v)
{
	if (!strcmp(s->unknown, "_IOC(...)"))
		sct_consts__ioc(out, v);
	else if (sct_consts__decimal(s))
		fprintf(out, "%" PRIu64, v);
	else if (!strcmp(s->unknown, "0x"))	/* consts.in's "0x": hex, no comment */
		fprintf(out, "%#" PRIx64, v);
	else
		fprintf(out, "%#" PRIx64 " /* %s */", v, s->unknown);
}

/* The known bits of v, '|' between; returns the bits left over. */
static uint64_t sct_consts__bits(FILE *out, const struct sct_constset *s, uint64_t v,
				 int *printed)
{
	const struct sct_const *c;

	for (c = s->c; c->name; c++) {
		if (!c->value || (v & c->value) != c->value)
			continue;
		fprintf(out, "%s%s", *printed ? "|" : "", c->name);
		*printed = 1;
		v &= ~c->value;
	}
	return v;
}

static void sct_consts__field(FILE *out, const struct sct_constset *s, uint64_t f, int *printed)
{
	const struct sct_constset *fs = sct_consts__find(s->field_set, SCT_SET_ENUM);
	const char *name = sct_consts__name(fs, f, 64);

	if (*printed)
		fputc('|', out);
	if (name)
		fputs(name, out);
	else if (fs && sct_consts__decimal(fs))
		fprintf(out, "%" PRIu64, f);
	else
		fprintf(out, "%#" PRIx64, f);
	*printed = 1;
}

static void sct_consts__flags(FILE *out, const struct sct_constset *s, uint64_t v)
{
	uint64_t f = v & s->field;
	int printed = 0;
	const char *zero;

	v &= ~s->field;
	if (s->field && !s->field_last)
		sct_consts__field(out, s, f, &printed);
	v = sct_consts__bits(out, s, v, &printed);
	if (s->field && s->field_last && f)
		sct_consts__field(out, s, f, &printed);
	if (v && printed && !s->commented) {
		fprintf(out, "|%#" PRIx64, v);
	} else if (v) {
		if (printed)
			fputc('|', out);
		sct_consts__unknown(out, s, v);
	} else if (!printed) {
		zero = sct_consts__name(s, 0, 64);
		fputs(zero ? zero : "0", out);
	}
}

void sct_consts__print(FILE *out, const struct sct_constset *s, uint64_t v, unsigned int width)
{
	const char *name;

	v &= sct_consts__mask(width);
	if (!s) {
		fprintf(out, "%#" PRIx64, v);
	} else if (s->kind == SCT_SET_FLAGS) {
		sct_consts__flags(out, s, v);
	} else {
		name = sct_consts__name(s, v, width);
		if (name)
			fputs(name, out);
		else
			sct_consts__unknown(out, s, v);
	}
}

void sct_consts__print_named(FILE *out, const char *set, unsigned int kind, uint64_t v,
			     unsigned int width)
{
	sct_consts__print(out, sct_consts__find(set, kind), v, width);
}
