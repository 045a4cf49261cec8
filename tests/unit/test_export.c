// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The JSON exports (export/export.h): --json's lines against golden
 * text (named arguments, flags as text, errno, comm from execve, events,
 * a call without its exit), and --export=chrome's file parsed back by a
 * small JSON checker: one document, the traceEvents array, an "X" slice
 * per call on its thread, metadata once the command name is known.
 */
#define _GNU_SOURCE	/* open_memstream */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export/export.h"
#include "recs.h"

#define AT_FDCWD_ARG	0xffffffffffffff9cULL

/* A JSON checker: skips one value at *p, false if it is not one. */
static bool j_value(const char **p);

static void j_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static bool j_string(const char **p)
{
	if (*(*p)++ != '"')
		return false;
	for (; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return false;	/* raw control characters are not allowed */
		if (**p == '\\') {
			(*p)++;
			if (**p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)(*p)[i]))
						return false;
				*p += 4;
			} else if (!strchr("\"\\/bfnrt", **p) || !**p) {
				return false;
			}
		}
	}
	(*p)++;
	return true;
}

static bool j_seq(const char **p, char close, bool keys)
{
	(*p)++;
	j_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		j_ws(p);
		if (keys) {
			if (!j_string(p))
				return false;
			j_ws(p);
			if (*(*p)++ != ':')
				return false;
		}
		if (!j_value(p))
			return false;
		j_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (*(*p)++ != ',')
			return false;
	}
}

static bool j_value(const char **p)
{
	char *end;

	j_ws(p);
	if (**p == '{')
		return j_seq(p, '}', true);
	if (**p == '[')
		return j_seq(p, ']', false);
	if (**p == '"')
		return j_string(p);
	if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4)) {
		*p += 4;
		return true;
	}
	if (!strncmp(*p, "false", 5)) {
		*p += 5;
		return true;
	}
	if (**p != '-' && !isdigit((unsigned char)**p))
		return false;
	strtod(*p, &end);
	*p = end;
	return true;
}

static bool j_document(const char *s)
{
	if (!j_value(&s))
		return false;
	j_ws(&s);
	return !*s;
}

/* sh: fork, the child execs cat, opens a file, fails a read, is killed in a read; a lost record */
static char *run(enum sct_export_fmt fmt)
{
	struct sct_export_opts o = { .fmt = fmt, .strsize = 32 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct sct_export *x = sct_export__new(f, &o);
	struct rec r;

	assert_non_null(x);
#define FEED() assert_int_equal(0, sct_export__record(x, rec_hdr(&r)))
	rec_fork(&r, 100, 101, 1000); FEED();
	rec_enter(&r, 101, "execve", 2000, 0x1000, 0x2000, 0x3000);
	rec_str(&r, 0, "/usr/bin/cat", 12); FEED();
	rec_exit(&r, 101, "execve", 5000, 0); FEED();
	rec_enter(&r, 101, "openat", 6000, AT_FDCWD_ARG, 0x1000, 02000000);
	rec_str(&r, 1, "a\"b\n\xff", 5); FEED();
	rec_exit(&r, 101, "openat", 7500, 3); FEED();
	rec_enter(&r, 101, "close", 8000, 77, 0, 0); FEED();
	rec_exit(&r, 101, "close", 8100, -9); FEED();
	rec_lost(&r, 4, 8200); FEED();
	rec_enter(&r, 101, "read", 9000, 3, 0x4000, 10); FEED();
	rec_task_exit(&r, 101, 9, 9500); FEED();
#undef FEED
	sct_export__finish(x);
	sct_export__free(x);
	fclose(f);
	return text;
}

static void jsonl_lines(void **state)
{
	char *text = run(SCT_EXPORT_JSONL), *line, *save = NULL;
	static const char *const golden[] = {
		"{\"type\":\"fork\",\"pid\":100,\"tid\":100,\"child_pid\":101,\"child_tid\":101,\"thread\":false,\"ts_ns\":1000}",
		"{\"type\":\"syscall\",\"pid\":101,\"tid\":101,\"comm\":\"cat\",\"syscall\":\"execve\",\"args\":{\"filename\":\"/usr/bin/cat\",\"argv\":null,\"envp\":null},\"ret\":0,\"enter_ns\":2000,\"exit_ns\":5000,\"duration_ns\":3000}",
		"{\"type\":\"syscall\",\"pid\":101,\"tid\":101,\"comm\":\"cat\",\"syscall\":\"openat\",\"args\":{\"dfd\":-100,\"filename\":\"a\\\"b\\n\xef\xbf\xbd\",\"flags\":\"O_RDONLY|O_CLOEXEC\",\"mode\":0},\"ret\":3,\"enter_ns\":6000,\"exit_ns\":7500,\"duration_ns\":1500}",
		"{\"type\":\"syscall\",\"pid\":101,\"tid\":101,\"comm\":\"cat\",\"syscall\":\"close\",\"args\":{\"fd\":77},\"ret\":-1,\"errno\":\"EBADF\",\"enter_ns\":8000,\"exit_ns\":8100,\"duration_ns\":100}",
		"{\"type\":\"lost\",\"cpu\":0,\"records\":4,\"ts_ns\":8200}",
		"{\"type\":\"syscall\",\"pid\":101,\"tid\":101,\"comm\":\"cat\",\"syscall\":\"read\",\"args\":{\"fd\":3,\"buf\":null,\"count\":10},\"enter_ns\":9000,\"end\":\"task_ended\"}",
		"{\"type\":\"exit\",\"pid\":101,\"tid\":101,\"comm\":\"cat\",\"signal\":\"SIGKILL\",\"core_dumped\":false,\"process_ended\":true,\"ts_ns\":9500}",
	};
	size_t i = 0;

	(void)state;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++) {
		assert_true(i < sizeof(golden) / sizeof(golden[0]));
		assert_string_equal(golden[i], line);
		assert_true(j_document(line));
	}
	assert_int_equal(sizeof(golden) / sizeof(golden[0]), i);
	free(text);
}

static void chrome_structure(void **state)
{
	char *text = run(SCT_EXPORT_CHROME);

	(void)state;
	assert_true(j_document(text));
	assert_int_equal(0, strncmp(text, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", 40));
	/* a slice per call, on its thread, in microseconds */
	assert_non_null(strstr(text, "{\"ph\":\"X\",\"pid\":101,\"tid\":101,\"cat\":\"syscall\",\"name\":\"openat\",\"ts\":6.000,\"dur\":1.500,\"args\":{\"args\":{\"dfd\":-100,"));
	assert_non_null(strstr(text, "\"name\":\"close\",\"ts\":8.000,\"dur\":0.100,\"args\":{\"args\":{\"fd\":77},\"ret\":-1,\"errno\":\"EBADF\"}}"));
	assert_non_null(strstr(text, "\"name\":\"read\",\"ts\":9.000,\"dur\":0.000,\"args\":{\"args\":{\"fd\":3,\"buf\":null,\"count\":10},\"end\":\"task_ended\"}}"));
	/* the command's name once execve returned */
	assert_non_null(strstr(text, "{\"ph\":\"M\",\"pid\":101,\"tid\":101,\"name\":\"thread_name\",\"args\":{\"name\":\"cat\"}}"));
	assert_non_null(strstr(text, "{\"ph\":\"M\",\"pid\":101,\"tid\":101,\"name\":\"process_name\",\"args\":{\"name\":\"cat\"}}"));
	assert_non_null(strstr(text, "\"s\":\"g\",\"name\":\"lost records\",\"args\":{\"cpu\":0,\"records\":4},\"ts\":8.200}"));
	assert_non_null(strstr(text, "\"name\":\"exit\",\"args\":{\"signal\":\"SIGKILL\"},\"ts\":9.500}"));
	assert_int_equal(0, strcmp(text + strlen(text) - 4, "\n]}\n"));
	free(text);
}

/* the checker itself must be able to fail */
static void checker_refuses(void **state)
{
	(void)state;
	assert_false(j_document("{\"a\":1,}"));
	assert_false(j_document("[1 2]"));
	assert_false(j_document("\"a\nb\""));
	assert_false(j_document("{\"a\":1}x"));
	assert_true(j_document("{\"a\":[1,-2.5e3,\"\\u00e9\",null,true,{}]}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jsonl_lines),
		cmocka_unit_test(chrome_structure),
		cmocka_unit_test(checker_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
