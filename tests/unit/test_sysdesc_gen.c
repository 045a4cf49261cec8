// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * userspace/decode/gen-sysdesc.sh: on a small table, exactly the golden
 * output (tests/unit/data/); on a bad line, a failure that names the line
 * and says why. Runs from the top of the tree (SCT_TOP, set by build.mk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define GEN		"userspace/decode/gen-sysdesc.sh"
#define SAMPLE		"tests/unit/data/sysdesc_sample.tbl"
#define OUT_MAX		(64 << 10)

struct gen_run {
	int status;		/* exit status, -1 if it did not exit */
	char out[OUT_MAX];	/* stdout */
	char err[4096];		/* stderr */
};

static void read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	assert_true(n < len - 1);	/* all of it */
	buf[n] = '\0';
	fclose(f);
}

/* Runs the generator in mode on table; stdout and stderr into r. */
static void gen(const char *mode, const char *table, struct gen_run *r)
{
	char cmd[512], outf[] = "/tmp/sct-gen-out.XXXXXX", errf[] = "/tmp/sct-gen-err.XXXXXX";
	int st, fo = mkstemp(outf), fe = mkstemp(errf);

	assert_true(fo >= 0 && fe >= 0);
	close(fo);
	close(fe);
	snprintf(cmd, sizeof(cmd), "sh %s %s %s >%s 2>%s", GEN, mode, table, outf, errf);
	st = system(cmd);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	read_file(outf, r->out, sizeof(r->out));
	read_file(errf, r->err, sizeof(r->err));
	unlink(outf);
	unlink(errf);
}

static int to_top(void **state)
{
	(void)state;
	return chdir(SCT_TOP);
}

static void expect_golden(const char *mode, const char *golden_path)
{
	static struct gen_run r;
	static char golden[OUT_MAX];

	gen(mode, SAMPLE, &r);
	assert_string_equal("", r.err);
	assert_int_equal(0, r.status);
	read_file(golden_path, golden, sizeof(golden));
	assert_string_equal(golden, r.out);
}

static void sample_types_are_golden(void **state)
{
	(void)state;
	expect_golden("types", "tests/unit/data/sysdesc_sample.types.golden");
}

static void sample_table_is_golden(void **state)
{
	(void)state;
	expect_golden("table", "tests/unit/data/sysdesc_sample.table.golden");
}

/*
 * A table of text that gen-sysdesc.sh must refuse: exit 1, nothing on
 * stdout, and on stderr "TABLE:LINE: why" (TABLE replaced by the file's
 * name) followed by the count.
 */
static void expect_refused(const char *text, const char *why)
{
	static struct gen_run r;
	char path[] = "/tmp/sct-gen-tbl.XXXXXX", want[1024], *p;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	gen("table", path, &r);
	unlink(path);
	assert_int_equal(1, r.status);
	assert_string_equal("", r.out);
	p = strstr(why, "TABLE");
	assert_non_null(p);
	snprintf(want, sizeof(want), "%.*s%s%sgen-sysdesc.sh: 1 error in %s\n",
		 (int)(p - why), why, path, p + 5, path);
	assert_string_equal(want, r.err);
}

static void unknown_kind_names_its_line(void **state)
{
	(void)state;
	expect_refused("read %desc\n\tfd\tunsigned int fd\n\tfrob\tchar * buf\n",
		       "TABLE:3: unknown kind frob\n");
	expect_refused(".type bytes 1 char\nread\n\tin:byte:0\tchar * buf\n",
		       "TABLE:3: unknown type or copy byte (a .type, path, str, argv, envp, iov, msg)\n");
	expect_refused("read %files\n", "TABLE:1: unknown class or option %files "
		       "(%CLASS, tp=EVENT, ret=hex, ret=mode, noexit, sigreturn, exec, layout=NAME, i386=NAME[,NAME...] (3 at most) "
		       "or i386=-)\n");
	expect_refused(".type int 4 int\nx\n\tin:int:pos\tint * a\n",
		       "TABLE:3: :pos says when the copy at exit is shown: out: or inout:, not in:\n");
	expect_refused(".struct stat 144 struct stat\nread\n", "TABLE:1: unknown directive .struct\n");
	expect_refused(".type set bits char\nioctl\n\tbycmd:set\tunsigned long arg\t# why\n",
		       "TABLE:3: bycmd:TYPE wants a fixed-size .type, not set\n");
	expect_refused(".type int 4 int\nioctl\n\tbycmd:int\tunsigned long arg\n",
		       "TABLE:3: bycmd:int: say why a copy by command is the whole type (# reason)\n");
	expect_refused("clone layout=\n", "TABLE:1: unknown class or option layout= "
		       "(%CLASS, tp=EVENT, ret=hex, ret=mode, noexit, sigreturn, exec, layout=NAME, i386=NAME[,NAME...] (3 at most) "
		       "or i386=-)\n");
}

static void too_many_arguments(void **state)
{
	(void)state;
	expect_refused("x\n\tint\tint a\n\tint\tint b\n\tint\tint c\n\tint\tint d\n"
		       "\tint\tint e\n\tint\tint f\n\tint\tint g\n",
		       "TABLE:8: too many arguments: x has 6 already (SCTRACE_MAX_ARGS)\n");
}

static void copy_of_a_non_pointer(void **state)
{
	(void)state;
	expect_refused("close\n\tin:path\tunsigned int fd\n",
		       "TABLE:2: a copy (in:path) of fd, which is no pointer (unsigned int)\n");
	expect_refused("read\n\tfd\tchar * buf\n",
		       "TABLE:2: a pointer (char *) is copied (in:, out:, inout:) or ptr, not fd\n");
	expect_refused("read\n\tptr\tchar * buf\n",
		       "TABLE:2: ptr on a pointer argument: say why its memory is not copied (# reason)\n");
}

static void length_argument_out_of_range(void **state)
{
	(void)state;
	expect_refused(".type bytes 1 char\nread\n\tfd\tint fd\n\tout:bytes:2\tchar * buf\n",
		       "TABLE:4: length argument 2 out of range: read has arguments 0..1\n");
	expect_refused(".type bytes 1 char\nread\n\tout:bytes:0\tchar * buf\n\tsize\tsize_t n\n",
		       "TABLE:3: length argument 0 out of range: read has arguments 0..1, and 0 is this one\n");
	expect_refused(".type bytes 1 char\nread\n\tin:bytes:ret\tchar * buf\n",
		       "TABLE:3: the return value is a length at exit only (out:), not in:\n");
	expect_refused(".type bytes 1 char\nx\n\tout:bytes:*1\tchar * buf\n\tsize\tsize_t n\n",
		       "TABLE:3: length *1: argument 1 (n) is not a pointer\n");
}

static void more_items_than_a_plan_holds(void **state)
{
	(void)state;
	expect_refused(".type int 4 int\nx\n\tin:int\tint * a\n\tin:int\tint * b\n"
		       "\tin:int\tint * c\n\tin:int\tint * d\n\tin:int\tint * e\n",
		       "TABLE:2: x: 5 items at entry, more than SCTRACE_CAP_MAX_PER (4)\n");
	/* retried strings come back in the exit record */
	expect_refused(".type int 4 int\nx\n\tin:path\tconst char * a\n\tin:str\tconst char * b\n"
		       "\tout:int\tint * c\n\tout:int\tint * d\n\tout:int\tint * e\n",
		       "TABLE:2: x: 3 items at exit and 2 retried strings, "
		       "more than SCTRACE_CAP_MAX_PER (4) in one exit record\n");
}

static void twice_described(void **state)
{
	(void)state;
	expect_refused("read\nread\n", "TABLE:2: syscall read described twice (first at line 1)\n");
	expect_refused(".leftout read gone\nread\n", "TABLE:1: read is described (line 2) and left out\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_types_are_golden),
		cmocka_unit_test(sample_table_is_golden),
		cmocka_unit_test(unknown_kind_names_its_line),
		cmocka_unit_test(too_many_arguments),
		cmocka_unit_test(copy_of_a_non_pointer),
		cmocka_unit_test(length_argument_out_of_range),
		cmocka_unit_test(more_items_than_a_plan_holds),
		cmocka_unit_test(twice_described),
	};

	return cmocka_run_group_tests_name("sysdesc_gen", tests, to_top, NULL);
}
