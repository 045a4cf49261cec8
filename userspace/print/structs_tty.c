// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: terminals, as strace prints what TCGETS, TCSETS*,
 * TIOCGWINSZ take ("{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR,
 * c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|..., ...}",
 * "{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}"): the kernel's
 * struct termios (decode/kabi.h); c_line and c_cc with -v.
 */
#include <inttypes.h>
#include <asm/termbits.h>

#include "print/pr.h"

/* A flags field as strace prints termios': nothing at all for 0. */
static void sct_st__tflags(const struct sct_pr *p, const char *set, uint32_t v)
{
	if (v)
		sct_consts__print_named(p->out, set, SCT_SET_FLAGS, v, 32);
}

/* One value of a field (mask, at shift): its name, then '|' */
static void sct_st__tfield(const struct sct_pr *p, const char *set, uint32_t v, uint32_t mask,
			   unsigned int shift, const char *suffix)
{
	sct_consts__print_named(p->out, set, SCT_SET_ENUM, (v & mask) >> shift, 32);
	fprintf(p->out, "%s|", suffix);
}

static void sct_st__oflag(const struct sct_pr *p, uint32_t o)
{
	sct_st__tfield(p, "termios_nl", o, NLDLY, 0, "");
	sct_st__tfield(p, "termios_cr", o, CRDLY, 0, "");
	sct_st__tfield(p, "termios_tab", o, TABDLY, 0, "");
	sct_st__tfield(p, "termios_bs", o, BSDLY, 0, "");
	sct_st__tfield(p, "termios_vt", o, VTDLY, 0, "");
	sct_st__tfield(p, "termios_ff", o, FFDLY, 0, "");
	sct_st__tflags(p, "termios_oflag", o & ~(uint32_t)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
}

/* the speed, the input speed if it has one, the character size, the flags */
static void sct_st__cflag(const struct sct_pr *p, uint32_t c)
{
	sct_st__tfield(p, "termios_baud", c, CBAUD, 0, "");
	if (c & CIBAUD)
		sct_st__tfield(p, "termios_baud", c, CIBAUD, IBSHIFT, "<<IBSHIFT");
	sct_st__tfield(p, "termios_csize", c, CSIZE, 0, "");
	sct_st__tflags(p, "termios_cflag", c & ~(uint32_t)(CBAUD | CIBAUD | CSIZE));
}

/* -v: ", c_line=N_TTY, c_cc=[[VINTR]=0x3, ..., [17]=0, [18]=0]" */
static void sct_st__termios_v(const struct sct_pr *p, const struct sct_view *v)
{
	size_t i;

	fputs(", c_line=", p->out);
	sct_consts__print_named(p->out, "termios_line", SCT_SET_ENUM, v->d[16], 8);
	fputs(", c_cc=[", p->out);
	for (i = 0; i < 19; i++) {
		fputs(i ? ", [" : "[", p->out);
		sct_consts__print_named(p->out, "termios_cc", SCT_SET_ENUM, i, 8);
		fprintf(p->out, "]=%#x", v->d[17 + i]);
	}
	fputc(']', p->out);
}

static void sct_st__termios(const struct sct_pr *p, const struct sct_view *v)
{
	fputs("{c_iflag=", p->out);
	sct_st__tflags(p, "termios_iflag", sct_v__u32(v, 0));
	fputs(", c_oflag=", p->out);
	sct_st__oflag(p, sct_v__u32(v, 4));
	fputs(", c_cflag=", p->out);
	sct_st__cflag(p, sct_v__u32(v, 8));
	fputs(", c_lflag=", p->out);
	sct_st__tflags(p, "termios_lflag", sct_v__u32(v, 12));
	if (p->verbose)
		sct_st__termios_v(p, v);
	else
		fputs(", ...", p->out);
	fputc('}', p->out);
}

static void sct_st__winsize(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "{ws_row=%" PRIu16 ", ws_col=%" PRIu16 ", ws_xpixel=%" PRIu16
		", ws_ypixel=%" PRIu16 "}", sct_v__u16(v, 0), sct_v__u16(v, 2), sct_v__u16(v, 4),
		sct_v__u16(v, 6));
}

sct_struct_fn *sct_structs_tty__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_TERMIOS:	return sct_st__termios;
	case SCT_T_WINSIZE:	return sct_st__winsize;
	}
	return NULL;
}
