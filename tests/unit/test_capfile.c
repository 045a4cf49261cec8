// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Capture files (userspace/capfile_write.c, capfile_read.c): records of
 * every type written and read back byte for byte with the header and the
 * trailer's counters; a file cut at every byte offset; each kind of damage
 * reported with the file name and the offset of the damaged item, after
 * the records before it; a write that fails.
 */
#define _GNU_SOURCE	/* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "capfile.h"

#define NAME		"test.cap"
#define HDR_SIZE	sizeof(struct sct_cap_header)
#define TRAILER_SIZE	sizeof(struct sct_cap_trailer)

static const struct sct_cap_meta meta = {
	.backend = "bpf", .snaplen = 256, .nr_cpus = 4, .ring_size = 1 << 20, .max_tgids = 64,
};

/* Records back to back, as the writer gets them. */
struct stream {
	uint64_t words[8192];
	size_t len;		/* bytes */
	size_t off[64];		/* where each record starts */
	unsigned int n;
};

static void *stream_add(struct stream *s, uint16_t type, size_t len, uint64_t ts)
{
	struct sctrace_hdr *h = (struct sctrace_hdr *)((uint8_t *)s->words + s->len);

	assert_true(s->len + len <= sizeof(s->words) && s->n < 64);
	memset(h, 0, len);
	*h = (struct sctrace_hdr){ .len = (uint32_t)len, .type = type, .cpu = 1,
				   .tid = 4242, .tgid = 4242, .ts_ns = ts };
	s->off[s->n++] = s->len;
	s->len += len;
	return h;
}

/* An enter record of syscall nr whose argument a is the string strs[a]. */
static void add_enter(struct stream *s, uint64_t ts, uint32_t nr,
		      const char *const strs[SCTRACE_MAX_ARGS])
{
	size_t len = sizeof(struct sctrace_sys_enter), at;
	struct sctrace_sys_enter *e;
	struct sctrace_item *item;
	unsigned int a;

	for (a = 0; a < SCTRACE_MAX_ARGS; a++)
		len += strs[a] ? SCTRACE_ITEM_SIZE(strlen(strs[a])) : 0;
	e = stream_add(s, SCTRACE_REC_SYS_ENTER, (len + 7) & ~(size_t)7, ts);
	e->nr = nr;
	at = sizeof(*e);
	for (a = 0; a < SCTRACE_MAX_ARGS; a++) {
		e->args[a] = 0x1000 * (a + 1);
		if (!strs[a])
			continue;
		item = (struct sctrace_item *)((uint8_t *)e + at);
		*item = (struct sctrace_item){ .len = (uint16_t)strlen(strs[a]), .arg = (uint8_t)a,
					      .flags = 0 };
		memcpy(item + 1, strs[a], item->len);
		at += SCTRACE_ITEM_SIZE(item->len);
		e->nitem++;
	}
}

/* One record of each type: enter with two strings and without, exit, fork, task exit. */
static void sample_records(struct stream *s)
{
	static const char *const rename_strs[SCTRACE_MAX_ARGS] = { NULL, "old name", NULL, "new" };
	static const char *const no_strs[SCTRACE_MAX_ARGS] = { NULL };
	struct sctrace_sys_exit *x;
	struct sctrace_fork *f;
	struct sctrace_task_exit *t;

	memset(s, 0, sizeof(*s));
	add_enter(s, 1000, 316, rename_strs);	/* renameat2 */
	x = stream_add(s, SCTRACE_REC_SYS_EXIT, sizeof(*x), 1100);
	x->nr = 316;
	x->ret = -2;
	f = stream_add(s, SCTRACE_REC_FORK, sizeof(*f), 1200);
	f->child_tid = f->child_tgid = 4243;
	add_enter(s, 1300, 231, no_strs);	/* exit_group */
	t = stream_add(s, SCTRACE_REC_EXIT, sizeof(*t), 1400);
	t->flags = SCTRACE_EXIT_GROUP_DEAD;
}

static const struct sctrace_counters sample_counters = {
	.size = sizeof(struct sctrace_counters),
	.total = { .written = 5, .dropped_full = 3, .dropped_busy = 2, .faults = 1,
		   .truncated = 7, .cons_invalid = 0 },
	.filter_full = 0,
};

static int memfd(void)
{
	int fd = memfd_create("capture", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/* A capture of s's records, written through the writer; at offset 0. */
static int write_capture(const struct stream *s)
{
	char err[256] = "";
	int fd = memfd();
	struct sct_capw *w = sct_capw__open(fd, NAME, &meta, err, sizeof(err));
	unsigned int i;

	assert_non_null(w);
	for (i = 0; i < s->n; i++)
		assert_int_equal(0, sct_capw__record(w, (const struct sctrace_hdr *)
						      ((const uint8_t *)s->words + s->off[i])));
	assert_int_equal(0, sct_capw__finish(w, &sample_counters));
	sct_capw__free(w);
	assert_int_equal(0, lseek(fd, 0, SEEK_SET));
	return fd;
}

/* The sample capture as written, for tests to read or damage. */
struct sample {
	struct stream s;
	uint8_t *b;		/* its bytes */
	size_t size;
};

static int sample_setup(void **state)
{
	struct sample *f = calloc(1, sizeof(*f));
	int fd;

	assert_non_null(f);
	sample_records(&f->s);
	fd = write_capture(&f->s);
	f->size = (size_t)lseek(fd, 0, SEEK_END);
	assert_int_equal(HDR_SIZE + f->s.len + TRAILER_SIZE, f->size);
	f->b = malloc(f->size);
	assert_non_null(f->b);
	assert_int_equal((ssize_t)f->size, pread(fd, f->b, f->size, 0));
	close(fd);
	*state = f;
	return 0;
}

static int sample_teardown(void **state)
{
	struct sample *f = *state;

	free(f->b);
	free(f);
	return 0;
}

/* Where record i of the sample starts in the file, and its header. */
static size_t rec_off(const struct sample *f, unsigned int i)
{
	return HDR_SIZE + f->s.off[i];
}

static struct sctrace_hdr *rec_at(struct sample *f, unsigned int i)
{
	return (struct sctrace_hdr *)(f->b + rec_off(f, i));
}

/* A memfd holding the first n bytes of b, at offset 0. */
static int fd_with(int fd, const uint8_t *b, size_t n)
{
	assert_int_equal(0, ftruncate(fd, 0));
	assert_int_equal((ssize_t)n, pwrite(fd, b, n, 0));
	assert_int_equal(0, lseek(fd, 0, SEEK_SET));
	return fd;
}

struct result {
	int ret;		/* of the last next(), or of open (-errno) */
	unsigned int records;
	char msg[512];
};

/*
 * Reads the whole capture in fd. Each record must be the bytes at the same
 * offset of orig (the file as written) when orig is given.
 */
static struct result read_all(int fd, const uint8_t *orig)
{
	struct result res = { .ret = 0, .records = 0, .msg = "" };
	const struct sctrace_hdr *rec;
	struct sct_capr *r = sct_capr__open(fd, NAME, res.msg, sizeof(res.msg));
	uint64_t off = HDR_SIZE;

	if (!r) {
		res.ret = -errno;
		return res;
	}
	while ((res.ret = sct_capr__next(r, &rec)) > 0) {
		if (orig)
			assert_memory_equal(orig + off, rec, rec->len);
		off += rec->len;
		res.records++;
	}
	snprintf(res.msg, sizeof(res.msg), "%s", sct_capr__errmsg(r));
	sct_capr__free(r);
	return res;
}

/*
 * Reads the first n bytes of the (damaged) sample: -EBADMSG after that
 * many records, with a message that starts with the printf-style want.
 */
static void expect_damage(const struct sample *f, size_t n, unsigned int records,
			  const char *want, ...)
{
	int fd = fd_with(memfd(), f->b, n);
	struct result res = read_all(fd, NULL);
	char start[256];
	va_list ap;

	close(fd);
	va_start(ap, want);
	vsnprintf(start, sizeof(start), want, ap);
	va_end(ap);
	assert_int_equal(-EBADMSG, res.ret);
	assert_int_equal(records, res.records);
	if (strncmp(start, res.msg, strlen(start)))
		fail_msg("message \"%s\" does not start with \"%s\"", res.msg, start);
}

static void every_record_type_round_trips(void **state)
{
	struct sample *f = *state;
	const struct stream *s = &f->s;
	const struct sct_cap_header *h;
	const struct sctrace_hdr *rec;
	int fd = fd_with(memfd(), f->b, f->size);
	struct sct_capr *r;
	char err[256] = "";
	unsigned int i;

	r = sct_capr__open(fd, NAME, err, sizeof(err));
	if (!r)
		fail_msg("%s", err);
	h = sct_capr__header(r);
	assert_memory_equal("SCTRACE", h->magic, 8);
	assert_int_equal(SCT_CAP_VERSION, h->version);
	assert_int_equal(SCTRACE_API_VERSION_MAJOR, h->api_major);
	assert_int_equal(SCTRACE_API_VERSION_MINOR, h->api_minor);
	assert_int_equal(SCTRACE_SCHEMA_VERSION, h->schema_version);
	assert_string_equal("bpf", h->backend);
	assert_int_equal(256, h->snaplen);
	assert_int_equal(4, h->nr_cpus);
	assert_int_equal(1 << 20, h->ring_size);
	assert_int_equal(64, h->max_tgids);
	assert_true(h->realtime_ns > 1600000000ULL * 1000000000ULL);	/* after 2020 */
	assert_true(h->monotonic_ns > 0);
	for (i = 0; i < s->n; i++) {
		assert_int_equal(1, sct_capr__next(r, &rec));
		assert_memory_equal((const uint8_t *)s->words + s->off[i], rec, rec->len);
	}
	assert_int_equal(0, sct_capr__next(r, &rec));
	assert_int_equal(0, sct_capr__next(r, &rec));	/* and stays at the end */
	assert_int_equal(s->n, sct_capr__trailer(r)->records);
	assert_memory_equal(&sample_counters, &sct_capr__trailer(r)->counters,
			    sizeof(sample_counters));
	assert_true(sct_capr__trailer(r)->hdr.ts_ns >= h->monotonic_ns);
	sct_capr__free(r);
	close(fd);
}

/* More than the writer's and the reader's 1 MiB buffers. */
static void large_capture_crosses_the_buffers(void **state)
{
	static const char *const strs[SCTRACE_MAX_ARGS] = {
		"/a/path/of/some/length/to/make/records/that/do/not/divide/the/buffer/evenly",
	};
	enum { N = 20000 };
	const struct sctrace_hdr *rec;
	struct stream *s = calloc(1, sizeof(*s));
	struct sctrace_sys_enter *e;
	struct sct_capw *w;
	struct sct_capr *r;
	char err[256] = "";
	unsigned int i;
	int fd = memfd();

	(void)state;
	assert_non_null(s);
	add_enter(s, 0, 2, strs);
	e = (struct sctrace_sys_enter *)s->words;
	w = sct_capw__open(fd, NAME, &meta, err, sizeof(err));
	assert_non_null(w);
	for (i = 0; i < N; i++) {
		e->hdr.ts_ns = i;
		assert_int_equal(0, sct_capw__record(w, &e->hdr));
	}
	assert_int_equal(0, sct_capw__finish(w, &sample_counters));
	sct_capw__free(w);
	assert_true(lseek(fd, 0, SEEK_END) > 2 << 20);
	assert_int_equal(0, lseek(fd, 0, SEEK_SET));
	r = sct_capr__open(fd, NAME, err, sizeof(err));
	assert_non_null(r);
	for (i = 0; i < N; i++) {
		assert_int_equal(1, sct_capr__next(r, &rec));
		assert_int_equal(i, rec->ts_ns);
		assert_memory_equal((const uint8_t *)s->words + sizeof(*rec),
				    (const uint8_t *)rec + sizeof(*rec), s->len - sizeof(*rec));
	}
	assert_int_equal(0, sct_capr__next(r, &rec));
	sct_capr__free(r);
	close(fd);
	free(s);
}

/*
 * The start of the first record (or the trailer) that the first n bytes
 * do not hold whole; the records before it in *whole.
 */
static size_t cut_item(struct sample *f, size_t n, unsigned int *whole)
{
	for (*whole = 0; *whole < f->s.n; (*whole)++)
		if (rec_off(f, *whole) + rec_at(f, *whole)->len > n)
			return rec_off(f, *whole);
	return HDR_SIZE + f->s.len;
}

static void cut_at_every_offset_reads_what_is_whole(void **state)
{
	struct sample *f = *state;
	int fd = memfd();
	unsigned int whole;
	struct result res;
	char want[256];
	size_t n, at;

	for (n = 0; n < f->size; n++) {
		res = read_all(fd_with(fd, f->b, n), f->b);
		assert_int_equal(-EBADMSG, res.ret);
		if (n < HDR_SIZE) {
			snprintf(want, sizeof(want), NAME ": byte 0: truncated file header: %zu of %zu bytes",
				 n, HDR_SIZE);
			assert_string_equal(want, res.msg);
			continue;
		}
		at = cut_item(f, n, &whole);
		assert_int_equal(whole, res.records);
		if (n == at)
			snprintf(want, sizeof(want), NAME ": byte %zu: capture was not closed cleanly, %u records read",
				 at, whole);
		else
			snprintf(want, sizeof(want), NAME ": byte %zu: truncated ", at);
		if (strncmp(want, res.msg, strlen(want)))
			fail_msg("cut at %zu: \"%s\" does not start with \"%s\"", n, res.msg, want);
	}
	res = read_all(fd_with(fd, f->b, f->size), f->b);
	assert_int_equal(0, res.ret);
	assert_int_equal(f->s.n, res.records);
	close(fd);
}

static void missing_trailer_says_not_closed_cleanly(void **state)
{
	struct sample *f = *state;
	size_t end = f->size - TRAILER_SIZE;

	expect_damage(f, end, 5, NAME ": byte %zu: capture was not closed cleanly, 5 records read (no trailer)",
		      end);
}

static void bad_record_lengths_name_the_record(void **state)
{
	struct sample *f = *state;
	struct sctrace_hdr *h = rec_at(f, 2);
	size_t at = rec_off(f, 2);
	uint32_t len = h->len;

	h->len = len + 4;	/* not a multiple of 8 */
	expect_damage(f, f->size, 2, NAME ": byte %zu: bad record length %u", at, len + 4);
	h->len = 8;		/* shorter than a header */
	expect_damage(f, f->size, 2, NAME ": byte %zu: bad record length 8", at);
	h->len = 32;		/* shorter than a fork record */
	expect_damage(f, f->size, 2, NAME ": byte %zu: record of type 3 is 32 bytes, less than 40", at);
	h->len = 1u << 30;	/* aligned, but more than any record */
	expect_damage(f, f->size, 2, NAME ": byte %zu: record length 1073741824 is more than", at);
	h->len = 4096;		/* past the end of the file */
	expect_damage(f, f->size, 2, NAME ": byte %zu: truncated record: %zu of 4096 bytes", at,
		      f->size - at);
}

static void unknown_record_type(void **state)
{
	struct sample *f = *state;

	rec_at(f, 1)->type = 9;
	expect_damage(f, f->size, 1, NAME ": byte %zu: unknown record type 9", rec_off(f, 1));
}

static void malformed_items(void **state)
{
	struct sample *f = *state;
	struct sctrace_item *item = (struct sctrace_item *)((struct sctrace_sys_enter *)rec_at(f, 0) + 1);

	item->len = 300;	/* runs past the record */
	expect_damage(f, f->size, 0, NAME ": byte %zu: malformed items: item runs past the record's end",
		      rec_off(f, 0));
	item->len = 4;
	item->arg = SCTRACE_ITEM_ARGKIND(1, 7);	/* no such kind */
	expect_damage(f, f->size, 0, NAME ": byte %zu: malformed items: unknown item kind",
		      rec_off(f, 0));
	/* an iovec item too short for its header */
	item->arg = SCTRACE_ITEM_ARGKIND(1, SCTRACE_CAP_IOVEC);
	expect_damage(f, f->size, 0, NAME ": byte %zu: malformed items: data does not have the layout of its kind",
		      rec_off(f, 0));
}

static void bad_trailers(void **state)
{
	struct sample *f = *state;
	size_t at = f->size - TRAILER_SIZE;
	struct sct_cap_trailer *tr = (struct sct_cap_trailer *)(f->b + at);

	tr->records = 4;
	expect_damage(f, f->size, 5, NAME ": byte %zu: the trailer counts 4 records, 5 were read", at);
	tr->records = 5;
	tr->hdr.len = TRAILER_SIZE + 8;
	expect_damage(f, f->size, 5, NAME ": byte %zu: trailer of %zu bytes, not %zu", at,
		      TRAILER_SIZE + 8, TRAILER_SIZE);
	tr->hdr.len = TRAILER_SIZE;
	f->b = realloc(f->b, f->size + 8);
	assert_non_null(f->b);
	memset(f->b + f->size, 0, 8);
	expect_damage(f, f->size + 8, 5, NAME ": byte %zu: data after the trailer", f->size);
}

static void bad_headers_are_refused(void **state)
{
	struct sample *f = *state;
	struct sct_cap_header *h = (struct sct_cap_header *)f->b;

	h->magic[0] = 'X';
	expect_damage(f, f->size, 0, NAME ": byte 0: not an sctrace capture (bad magic)");
	expect_damage(f, 3, 0, NAME ": byte 0: not an sctrace capture (bad magic)");	/* short */
	h->magic[0] = 'S';
	h->version = 2;
	expect_damage(f, f->size, 0,
		      NAME ": byte 12: unsupported capture format version 2 (this sctrace reads version 1)");
	h->version = SCT_CAP_VERSION;
	h->byte_order = __builtin_bswap32(SCT_CAP_BYTE_ORDER);
	expect_damage(f, f->size, 0, NAME ": byte 8: written on a machine of the other byte order");
	h->byte_order = 0xdeadbeef;
	expect_damage(f, f->size, 0, NAME ": byte 8: bad byte-order mark 0xdeadbeef");
	h->byte_order = SCT_CAP_BYTE_ORDER;
	h->schema_version = SCTRACE_SCHEMA_VERSION + 1;
	expect_damage(f, f->size, 0, NAME ": byte 20: records of schema version %d",
		      SCTRACE_SCHEMA_VERSION + 1);
	h->schema_version = SCTRACE_SCHEMA_VERSION;
	h->header_size = 64;
	expect_damage(f, f->size, 0, NAME ": byte 14: bad header size 64");
	h->header_size = HDR_SIZE;
	memset(h->backend, 'x', sizeof(h->backend));
	expect_damage(f, f->size, 0, NAME ": byte 24: backend name not terminated");
}

static void write_error_names_the_file(void **state)
{
	struct stream s;
	char err[256] = "";
	struct sct_capw *w;
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);

	(void)state;
	if (fd < 0)
		skip();
	sample_records(&s);
	w = sct_capw__open(fd, "/dev/full", &meta, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(0, sct_capw__record(w, (const struct sctrace_hdr *)s.words));	/* buffered */
	assert_int_equal(-ENOSPC, sct_capw__finish(w, &sample_counters));
	assert_string_equal("cannot write /dev/full: No space left on device", sct_capw__errmsg(w));
	assert_int_equal(-ENOSPC, sct_capw__record(w, (const struct sctrace_hdr *)s.words));
	sct_capw__free(w);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_record_type_round_trips, sample_setup,
						sample_teardown),
		cmocka_unit_test(large_capture_crosses_the_buffers),
		cmocka_unit_test_setup_teardown(cut_at_every_offset_reads_what_is_whole, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(missing_trailer_says_not_closed_cleanly, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(bad_record_lengths_name_the_record, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(unknown_record_type, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(malformed_items, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(bad_trailers, sample_setup, sample_teardown),
		cmocka_unit_test_setup_teardown(bad_headers_are_refused, sample_setup, sample_teardown),
		cmocka_unit_test(write_error_names_the_file),
	};

	return cmocka_run_group_tests_name("capfile", tests, NULL, NULL);
}
