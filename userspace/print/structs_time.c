// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Struct printers: times ("{tv_sec=1, tv_nsec=0}"), x86-64 layouts; the
 * times a file is given (utimensat, utimes, utime) with the date strace
 * comments them with, in the local time zone as strace's:
 * "{tv_sec=1000000000, tv_nsec=0} /- 2001-09-09T01:46:40+0000 -/".
 */
#define _GNU_SOURCE	/* UTIME_NOW */
#include <inttypes.h>
#include <sys/stat.h>
#include <time.h>

#include "print/pr.h"

/* " /- 2001-09-09T01:46:40.000000500+0000 -/": frac of digits digits, if not 0 */
static void sct_st__date(FILE *out, int64_t sec, uint64_t frac, int digits)
{
	time_t t = (time_t)sec;
	char day[64], zone[16];
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm) ||
	    !strftime(zone, sizeof(zone), "%z", &tm))
		return;
	fprintf(out, " /* %s", day);
	if (frac)
		fprintf(out, ".%0*" PRIu64, digits, frac);
	fprintf(out, "%s */", zone);
}

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

/* a time a file is given: UTIME_NOW, UTIME_OMIT, or it and its date */
static void sct_st__utime(const struct sct_pr *p, const struct sct_view *v, size_t off,
			  const char *frac)
{
	int64_t sec = (int64_t)sct_v__u64(v, off), f = (int64_t)sct_v__u64(v, off + 8);
	int nsec = frac[3] == 'n';

	if (nsec && (f == UTIME_NOW || f == UTIME_OMIT)) {
		fputs(f == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT", p->out);
		return;
	}
	sct_st__tv(p, v, off, frac);
	if (f >= 0 && f < (nsec ? 1000000000 : 1000000))
		sct_st__date(p->out, sec, (uint64_t)f, nsec ? 9 : 6);
}

/* utimensat's, utimes': "[{...} /- date -/, UTIME_NOW]" */
static void sct_st__utimes(const struct sct_pr *p, const struct sct_view *v, const char *frac)
{
	fputc('[', p->out);
	sct_st__utime(p, v, 0, frac);
	fputs(", ", p->out);
	sct_st__utime(p, v, 16, frac);
	fputc(']', p->out);
}

static void sct_st__timespec2(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__utimes(p, v, "tv_nsec");
}

/* utime's struct utimbuf: two time_t */
static void sct_st__utimbuf(const struct sct_pr *p, const struct sct_view *v)
{
	fprintf(p->out, "{actime=%" PRId64, (int64_t)sct_v__u64(v, 0));
	sct_st__date(p->out, (int64_t)sct_v__u64(v, 0), 0, 0);
	fprintf(p->out, ", modtime=%" PRId64, (int64_t)sct_v__u64(v, 8));
	sct_st__date(p->out, (int64_t)sct_v__u64(v, 8), 0, 0);
	fputc('}', p->out);
}

static void sct_st__timeval(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__tv(p, v, 0, "tv_usec");
}

static void sct_st__timeval2(const struct sct_pr *p, const struct sct_view *v)
{
	sct_st__utimes(p, v, "tv_usec");
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
	case SCT_T_UTIMBUF:		return sct_st__utimbuf;
	case SCT_T_ITIMERSPEC:		return sct_st__itimerspec;
	case SCT_T_OLD_ITIMERVAL:	return sct_st__itimerval;
	case SCT_T_TIMEZONE:		return sct_st__timezone;
	case SCT_T_TMS:			return sct_st__tms;
	case SCT_T_RUSAGE:		return sct_st__rusage;
	}
	return NULL;
}
