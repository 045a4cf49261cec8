// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Struct printers: times ("{tv_sec=1, tv_nsec=0}"), x86-64 layouts. */
#include <inttypes.h>

#include "print/pr.h"

/* {s64 sec, s64 frac} at off: "{tv_sec=1, tv_nsec=0}" */
static void sct_st__tv(const struct sct_pr *p, const struct sct_view *v, size_t off,
		       const char *frac)
{
	fprintf(p->out, "{tv_sec=%" PRId64 ", %s=%" PRId64 "}", (int64_t)sct_v__u64(v, off),
		frac, (int64_t)sct_v__u64(v, off + 8));
}

static void sct_st__timespec(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__tv(p, v, 0, "tv_nsec");
}

/* two of them, at 0 and 16, between open, mid and close */
static void sct_st__tv_pair(const struct sct_pr *p, const struct sct_view *v, const char *frac,
			    const char *open, const char *mid, const char *close)
{
	fputs(open, p->out);
	sct_st__tv(p, v, 0, frac);
	fputs(mid, p->out);
	sct_st__tv(p, v, 16, frac);
	fputs(close, p->out);
}

/* utimensat's, utimes' */
static void sct_st__tv2(const struct sct_pr *p, const struct sct_view *v, const char *frac)
{
	sct_st__tv_pair(p, v, frac, "[", ", ", "]");
}

static void sct_st__timespec2(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__tv2(p, v, "tv_nsec");
}

static void sct_st__timeval(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__tv(p, v, 0, "tv_usec");
}

static void sct_st__timeval2(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__tv2(p, v, "tv_usec");
}

/* struct itimerspec, struct itimerval: interval, then value */
static void sct_st__itimer(const struct sct_pr *p, const struct sct_view *v, const char *frac)
{
	sct_st__tv_pair(p, v, frac, "{it_interval=", ", it_value=", "}");
}

static void sct_st__itimerspec(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__itimer(p, v, "tv_nsec");
}

static void sct_st__itimerval(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__itimer(p, v, "tv_usec");
}

static void sct_st__timezone(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "{tz_minuteswest=%" PRId32 ", tz_dsttime=%" PRId32 "}",
		(int32_t)sct_v__u32(v, 0), (int32_t)sct_v__u32(v, 4));
}

/* struct tms: four clock_t */
static void sct_st__tms(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "{tms_utime=%" PRId64 ", tms_stime=%" PRId64 ", tms_cutime=%" PRId64
		", tms_cstime=%" PRId64 "}", (int64_t)sct_v__u64(v, 0), (int64_t)sct_v__u64(v, 8),
		(int64_t)sct_v__u64(v, 16), (int64_t)sct_v__u64(v, 24));
}

/* struct rusage, abbreviated as strace does without -v */
static void sct_st__rusage(const struct sct_pr *p, const struct sct_view *v)
{
	fputs("{ru_utime=", p->out);
	sct_st__tv(p, v, 0, "tv_usec");
	fputs(", ru_stime=", p->out);
	sct_st__tv(p, v, 16, "tv_usec");
	fputs(", ...}", p->out);
}

sct_struct_fn *sct_structs_time__fn(unsigned int t)
{
	switch (t) {
	case SCT_T_TIMESPEC:		return sct_st__timespec;
	case SCT_T_TIMESPEC2:		return sct_st__timespec2;
	case SCT_T_OLD_TIMEVAL:		return sct_st__timeval;
	case SCT_T_OLD_TIMEVAL2:	return sct_st__timeval2;
	case SCT_T_ITIMERSPEC:		return sct_st__itimerspec;
	case SCT_T_OLD_ITIMERVAL:	return sct_st__itimerval;
	case SCT_T_TIMEZONE:		return sct_st__timezone;
	case SCT_T_TMS:			return sct_st__tms;
	case SCT_T_RUSAGE:		return sct_st__rusage;
	}
	return NULL;
}
