// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The items of enter and exit records (userspace/items.c): the walk finds
 * every kind by argument; hostile items (past the record, a bad argument
 * or kind, data that does not have its kind's layout, a lying count) are
 * refused, never read past; the views split iovec bytes as the probes
 * wrote them (driver/CAPTURE.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "items.h"

/* A record under construction, 8-byte aligned. */
struct rec {
	uint64_t words[1024];
	size_t len;
};

static struct sctrace_hdr *rec_hdr(struct rec *r)
{
	void *p = r->words;

	return p;
}

static struct sctrace_hdr *rec_init(struct rec *r, unsigned int type)
{
	struct sctrace_hdr *h;

	memset(r, 0, sizeof(*r));
	h = rec_hdr(r);
	h->type = (uint16_t)type;
	r->len = type == SCTRACE_REC_SYS_ENTER ? sizeof(struct sctrace_sys_enter)
					       : sizeof(struct sctrace_sys_exit);
	h->len = (uint32_t)r->len;
	return h;
}

static uint16_t *rec_nitem(struct rec *r)
{
	struct sctrace_hdr *h = rec_hdr(r);

	if (h->type == SCTRACE_REC_SYS_ENTER)
		return &((struct sctrace_sys_enter *)h)->nitem;
	return &((struct sctrace_sys_exit *)h)->nitem;
}

/* Appends an item with data d[0..n). */
static struct sctrace_item *rec_add(struct rec *r, unsigned int arg, unsigned int kind,
				    unsigned int flags, const void *d, size_t n)
{
	struct sctrace_item *it = (struct sctrace_item *)((uint8_t *)r->words + r->len);

	*it = (struct sctrace_item){ .len = (uint16_t)n,
				     .arg = (uint8_t)SCTRACE_ITEM_ARGKIND(arg, kind),
				     .flags = (uint8_t)flags };
	if (n)
		memcpy(it + 1, d, n);
	r->len += SCTRACE_ITEM_SIZE(n);
	(*rec_nitem(r))++;
	rec_hdr(r)->len = (uint32_t)((r->len + 7) & ~(size_t)7);
	return it;
}

/* Data builders: bytes appended to a buffer. */
struct data {
	uint8_t b[4096];
	size_t n;
};

static void put(struct data *d, const void *p, size_t n)
{
	memcpy(d->b + d->n, p, n);
	d->n += n;
}

static void put32(struct data *d, uint32_t v)
{
	put(d, &v, sizeof(v));
}

static void put64(struct data *d, uint64_t v)
{
	put(d, &v, sizeof(v));
}

static void iov_data(struct data *d, uint32_t count, uint32_t niov, const uint64_t *lens,
		     const char *bytes)
{
	uint32_t i;

	memset(d, 0, sizeof(*d));
	put32(d, count);
	put32(d, niov);
	for (i = 0; i < niov; i++) {
		put64(d, 0x1000 * (i + 1));
		put64(d, lens[i]);
	}
	put(d, bytes, strlen(bytes));
}

static int walk(struct rec *r, struct sct_items *items)
{
	return sct_items__walk((const struct sctrace_hdr *)r->words, items, NULL, 0);
}

static void finds_items_of_enter_and_exit(void **state)
{
	struct sct_items items;
	struct rec r;

	(void)state;
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_STR, 0, "/etc", 4);
	rec_add(&r, 4, SCTRACE_CAP_BUF, SCTRACE_ITEM_NULL, NULL, 0);
	assert_int_equal(0, walk(&r, &items));
	assert_non_null(items.arg[1]);
	assert_non_null(items.arg[4]);
	assert_null(items.arg[0]);
	assert_memory_equal("/etc", sct_item__data(items.arg[1]), 4);

	rec_init(&r, SCTRACE_REC_SYS_EXIT);
	rec_add(&r, 1, SCTRACE_CAP_BUF, 0, "hello", 5);
	rec_add(&r, 0, SCTRACE_CAP_STR, SCTRACE_ITEM_RETRY, "/tmp/x", 6);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(5, items.arg[1]->len);
	assert_null(items.arg[0]);
	assert_int_equal(6, items.retry[0]->len);
}

static void schema_2_string_items_read_as_strings(void **state)
{
	struct sct_items items;
	struct rec r;

	(void)state;
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	/* a schema 2 string item: kind bits 0 */
	rec_add(&r, 1, 0, SCTRACE_ITEM_TRUNC, "/usr/li", 7);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(SCTRACE_CAP_STR, sct_item__kind(items.arg[1]));
	/* a schema 2 exit record: reserved (now nitem) 0, no items */
	rec_init(&r, SCTRACE_REC_SYS_EXIT);
	assert_int_equal(0, walk(&r, &items));
	assert_null(items.arg[0]);
}

static void refuses_hostile_items(void **state)
{
	struct sct_items items;
	struct sctrace_item *it;
	char why[160] = "";
	struct rec r;

	(void)state;
	/* an item longer than the record */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	it = rec_add(&r, 0, SCTRACE_CAP_STR, 0, "abc", 3);
	it->len = 0xffff;
	assert_int_equal(-EBADMSG, sct_items__walk((void *)r.words, &items, why, sizeof(why)));
	assert_non_null(strstr(why, "past the record"));
	/* nitem claims more items than there are */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 0, SCTRACE_CAP_STR, 0, "abc", 3);
	*rec_nitem(&r) = 2;
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* far too many items */
	*rec_nitem(&r) = 0xffff;
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* argument 6 */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 6, SCTRACE_CAP_STR, 0, "abc", 3);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* the same argument twice */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 2, SCTRACE_CAP_STR, 0, "abc", 3);
	rec_add(&r, 2, SCTRACE_CAP_BUF, 0, "abc", 3);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* an unknown kind */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 0, 9, 0, "abc", 3);
	assert_int_equal(-EBADMSG, sct_items__walk((void *)r.words, &items, why, sizeof(why)));
	assert_non_null(strstr(why, "unknown item kind"));
	/* a retried string in an enter record */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 0, SCTRACE_CAP_STR, SCTRACE_ITEM_RETRY, "abc", 3);
	assert_int_equal(-EBADMSG, walk(&r, &items));
}

static void refuses_data_without_its_kinds_layout(void **state)
{
	static const uint64_t lens[SCTRACE_CAP_MAX_IOV + 1] = { 3, 3 };
	struct sct_items items;
	struct data d;
	struct rec r;

	(void)state;
	/* iovec data shorter than its header */
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, 0, "abc", 3);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* more iovecs claimed than the data holds */
	iov_data(&d, 2, 2, lens, "");
	d.n -= 1;
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* more iovecs than may be copied, or than the call had */
	iov_data(&d, 17, 17, lens, "");
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	iov_data(&d, 1, 2, lens, "");
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* a msghdr whose name is longer than may be copied */
	memset(&d, 0, sizeof(d));
	d.n = sizeof(struct sctrace_msg_data);
	((struct sctrace_msg_data *)d.b)->namelen = SCTRACE_CAP_MAX_NAME + 8;
	d.n += SCTRACE_CAP_MAX_NAME + 8;
	rec_init(&r, SCTRACE_REC_SYS_EXIT);
	rec_add(&r, 1, SCTRACE_CAP_MSGHDR, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* a string array whose nested item runs past its data */
	memset(&d, 0, sizeof(d));
	put32(&d, 1);
	put32(&d, 1);
	put(&d, &(struct sctrace_item){ .len = 100 }, sizeof(struct sctrace_item));
	put(&d, "ls", 2);
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_STRARR, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
	/* more strings than pointers */
	memset(&d, 0, sizeof(d));
	put32(&d, 0);
	put32(&d, 1);
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_STRARR, 0, d.b, d.n);
	assert_int_equal(-EBADMSG, walk(&r, &items));
}

static void iovec_bytes_split_as_written(void **state)
{
	static const uint64_t lens[] = { 3, 0, 10, 4 };
	struct sct_iov_view v;
	struct sct_items items;
	const uint8_t *bytes;
	uint64_t base, len;
	size_t n;
	struct data d;
	struct rec r;

	(void)state;
	/* readv returned 8: "abc" + "" + "defgh" of 10, none of the last */
	iov_data(&d, 4, 4, lens, "abcdefgh");
	rec_init(&r, SCTRACE_REC_SYS_EXIT);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, 0, d.b, d.n);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(0, sct_item__iov(items.arg[1], &v));
	assert_int_equal(4, v.count);
	assert_int_equal(4, v.niov);
	assert_int_equal(8, v.nbytes);
	sct_iov__get(&v, 0, &base, &len, &bytes, &n);
	assert_int_equal(0x1000, base);
	assert_int_equal(3, len);
	assert_int_equal(3, n);
	assert_memory_equal("abc", bytes, 3);
	sct_iov__get(&v, 1, &base, &len, &bytes, &n);
	assert_int_equal(0, n);
	sct_iov__get(&v, 2, &base, &len, &bytes, &n);
	assert_int_equal(5, n);
	assert_memory_equal("defgh", bytes, 5);
	sct_iov__get(&v, 3, &base, &len, &bytes, &n);
	assert_int_equal(4, len);
	assert_int_equal(0, n);
	/* another kind has no iovec view; an empty item has no data */
	assert_int_equal(-EINVAL, sct_item__strarr(items.arg[1], &(struct sct_strarr_view){ 0 }));
	rec_init(&r, SCTRACE_REC_SYS_EXIT);
	rec_add(&r, 1, SCTRACE_CAP_IOVEC, SCTRACE_ITEM_NULL, NULL, 0);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(-ENODATA, sct_item__iov(items.arg[1], &v));
}

static void msghdr_and_strarr_views(void **state)
{
	static const uint64_t lens[] = { 5 };
	struct sct_strarr_view sv;
	struct sct_msg_view mv;
	struct sct_items items;
	const struct sctrace_item *s;
	struct sctrace_msg_data m = { .namelen = 3, .count = 1, .niov = 1 };
	uint8_t nested[2][8] = { { 0 } };
	struct data d, iov;
	struct rec r;

	(void)state;
	memset(m.msghdr, 0, sizeof(m.msghdr));
	m.msghdr[8] = 3;	/* msg_namelen */
	m.msghdr[24] = 1;	/* msg_iovlen */
	memset(&d, 0, sizeof(d));
	put(&d, &m, sizeof(m));
	put(&d, "\x01\x00z\0\0\0\0\0", 8);	/* name, padded to 8 */
	iov_data(&iov, 1, 1, lens, "hello");
	put(&d, iov.b + 8, iov.n - 8);
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_MSGHDR, 0, d.b, d.n);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(0, sct_item__msg(items.arg[1], &mv));
	assert_int_equal(3, mv.namelen);
	assert_int_equal(3, sct_msg__u64(&mv, 8));
	assert_int_equal(1, mv.iov.niov);
	assert_int_equal(5, mv.iov.nbytes);
	assert_memory_equal("hello", mv.iov.bytes, 5);

	memset(&d, 0, sizeof(d));
	put32(&d, 5);	/* five pointers, two strings copied */
	put32(&d, 2);
	*(struct sctrace_item *)nested[0] = (struct sctrace_item){ .len = 2, .arg = 0 };
	memcpy(nested[0] + 4, "ls", 2);
	*(struct sctrace_item *)nested[1] = (struct sctrace_item){ .len = 1, .arg = 1 };
	memcpy(nested[1] + 4, "/", 1);
	put(&d, nested, sizeof(nested));
	rec_init(&r, SCTRACE_REC_SYS_ENTER);
	rec_add(&r, 1, SCTRACE_CAP_STRARR, 0, d.b, d.n);
	assert_int_equal(0, walk(&r, &items));
	assert_int_equal(0, sct_item__strarr(items.arg[1], &sv));
	assert_int_equal(5, sv.count);
	assert_int_equal(2, sv.nstr);
	s = sv.first;
	assert_memory_equal("ls", sct_item__data(s), 2);
	s = sct_item__next(s);
	assert_memory_equal("/", sct_item__data(s), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_items_of_enter_and_exit),
		cmocka_unit_test(schema_2_string_items_read_as_strings),
		cmocka_unit_test(refuses_hostile_items),
		cmocka_unit_test(refuses_data_without_its_kinds_layout),
		cmocka_unit_test(iovec_bytes_split_as_written),
		cmocka_unit_test(msghdr_and_strarr_views),
	};

	return cmocka_run_group_tests_name("items", tests, NULL, NULL);
}
