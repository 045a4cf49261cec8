// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The process tree from /proc (userspace/proc_tree.c), over a made-up
 * /proc in a temporary directory: stat lines with awkward command names,
 * entries that are not processes or that vanished, descendants found
 * whatever the order of the listing, the reader's children left out,
 * whose /proc it is.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "proc_tree.h"

#define NBITS	4096

struct fixture {
	char dir[64];
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A process directory with its stat line. */
static void put_proc(const char *dir, unsigned int pid, const char *stat)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%u", dir, pid);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%u/stat", pid);
	put_file(dir, path, stat);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[128];

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/sct-proc-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	put_proc(f->dir, 1, "1 (init) S 0 1 1 0 -1 4194560 1 0 0 0\n");
	put_proc(f->dir, 10, "10 (sh) S 1 10 10 0 -1 0\n");
	/* a name with ") S 1 " in it */
	put_proc(f->dir, 5, "5 (a) S 1 (b) S 20 5 5 0\n");
	put_proc(f->dir, 20, "20 (make) R 10 20 10 0\n");
	put_proc(f->dir, 30, "30 (other) S 1 30 30 0\n");
	/* not processes, and one that ended: no stat any more */
	snprintf(path, sizeof(path), "%s/sys", f->dir);
	mkdir(path, 0755);
	put_file(f->dir, "uptime", "1.0 2.0\n");
	snprintf(path, sizeof(path), "%s/40", f->dir);
	mkdir(path, 0755);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

static uint32_t ppid_of(const struct sct_proc_ent *e, size_t n, uint32_t pid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].pid == pid)
			return e[i].ppid;
	return UINT32_MAX;
}

static void lists_processes_and_their_parents(void **state)
{
	struct fixture *f = *state;
	struct sct_proc_ent *e;
	size_t n;

	assert_int_equal(0, sct_proc__list(f->dir, &e, &n));
	assert_int_equal(5, n);
	assert_int_equal(0, ppid_of(e, n, 1));
	assert_int_equal(1, ppid_of(e, n, 10));
	assert_int_equal(20, ppid_of(e, n, 5));	/* after the last ')' */
	assert_int_equal(10, ppid_of(e, n, 20));
	assert_int_equal(UINT32_MAX, ppid_of(e, n, 40));	/* ended */
	free(e);
}

static void missing_proc_is_an_error(void **state)
{
	struct sct_proc_ent *e;
	size_t n;

	(void)state;
	assert_int_equal(-ENOENT, sct_proc__list("/nonexistent/proc", &e, &n));
}

static bool has(const __u64 *map, uint32_t pid)
{
	return (map[pid / 64] >> (pid % 64)) & 1;
}

/* The made-up /proc listed, and a set holding pid 10 (sh). */
static size_t list_under_10(struct fixture *f, __u64 *map, struct sct_proc_ent **e)
{
	size_t n;

	assert_int_equal(0, sct_proc__list(f->dir, e, &n));
	memset(map, 0, NBITS / 8);
	map[10 / 64] |= 1ULL << 10;
	return n;
}

static void adds_every_descendant(void **state)
{
	__u64 map[NBITS / 64];
	struct sct_proc_ent *e;
	size_t n = list_under_10(*state, map, &e);

	assert_true(sct_proc__add_children(map, NBITS, e, n, 0));
	assert_true(has(map, 20));
	assert_true(has(map, 5));	/* a grandchild */
	assert_false(has(map, 30));	/* not a descendant */
	assert_false(has(map, 1));	/* an ancestor */
	assert_false(sct_proc__add_children(map, NBITS, e, n, 0));	/* nothing new */
	free(e);
}

/* Grandchild first, great-grandchild before that: one pass each. */
static void a_child_may_come_before_its_parent(void **state)
{
	const struct sct_proc_ent e[] = { { 7, 6 }, { 6, 5 }, { 5, 4 }, { 9, 8 } };
	__u64 map[1] = { 1ULL << 4 };

	(void)state;
	assert_true(sct_proc__add_children(map, 64, e, 4, 0));
	assert_int_equal((1ULL << 4) | (1ULL << 5) | (1ULL << 6) | (1ULL << 7), map[0]);
}

static void children_of_the_reader_are_left_out(void **state)
{
	__u64 map[NBITS / 64];
	struct sct_proc_ent *e;
	size_t n = list_under_10(*state, map, &e);

	assert_true(sct_proc__add_children(map, NBITS, e, n, 20));
	assert_true(has(map, 20));	/* the reader itself: the probe skips it */
	assert_false(has(map, 5));
	free(e);
}

static void pids_beyond_the_map_are_left_out(void **state)
{
	const struct sct_proc_ent e[] = { { 64, 3 }, { 3, 2 } };
	__u64 map[1] = { 1ULL << 2 };

	(void)state;
	assert_true(sct_proc__add_children(map, 64, e, 2, 0));
	assert_int_equal((1ULL << 2) | (1ULL << 3), map[0]);
}

static void tells_whose_proc_it_is(void **state)
{
	struct fixture *f = *state;
	char path[128], pid[32];

	snprintf(path, sizeof(path), "%s/self", f->dir);
	assert_int_equal(0, sct_proc__is_own(f->dir));	/* no self link */
	assert_int_equal(0, symlink("4194303", path));
	assert_int_equal(0, sct_proc__is_own(f->dir));	/* another namespace's */
	unlink(path);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	assert_int_equal(0, symlink(pid, path));
	assert_int_equal(1, sct_proc__is_own(f->dir));
	unlink(path);
	assert_int_equal(1, sct_proc__is_own("/proc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lists_processes_and_their_parents, setup, teardown),
		cmocka_unit_test(missing_proc_is_an_error),
		cmocka_unit_test_setup_teardown(adds_every_descendant, setup, teardown),
		cmocka_unit_test(a_child_may_come_before_its_parent),
		cmocka_unit_test_setup_teardown(children_of_the_reader_are_left_out, setup, teardown),
		cmocka_unit_test(pids_beyond_the_map_are_left_out),
		cmocka_unit_test_setup_teardown(tells_whose_proc_it_is, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
