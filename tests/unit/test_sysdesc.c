// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The syscall table (userspace/decode/syscalls.tbl, through sysdesc.c):
 * lookups, its memory types' sizes, every syscall of this build's names
 * table described or left out with a reason, and every description
 * against the kernel's own: the argument count, types and names of its
 * syscall tracepoint (tracefs), which also lists syscalls the table lacks.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <cmocka.h>

#include "decode/sysdesc.h"
#include "syscalls.h"

#define TRACEFS		"/sys/kernel/tracing"
#define EVENTS		TRACEFS "/events/syscalls"

static void lookups_by_name_and_number(void **state)
{
	const struct sct_sysdesc *d;

	(void)state;
	d = sct_sysdesc__find("read");
	assert_non_null(d);
	assert_ptr_equal(d, sct_sysdesc__by_nr(0));
	assert_int_equal(3, d->nargs);
	assert_string_equal("unsigned int", d->args[0].type);
	assert_string_equal("fd", d->args[0].name);
	assert_int_equal(SCT_A_FD, d->args[0].kind);
	assert_int_equal(SCT_CLASS_DESC, d->classes);
	d = sct_sysdesc__by_nr(4);
	assert_non_null(d);
	assert_string_equal("stat", d->name);
	assert_string_equal("newstat", d->event);
	assert_string_equal("oldstat", d->i386[1]);
	assert_null(sct_sysdesc__find("tuxcall"));
	assert_null(sct_sysdesc__find("nope"));
	assert_null(sct_sysdesc__by_nr(511));
	assert_null(sct_sysdesc__at(sct_sysdesc__count()));
	assert_string_equal("never implemented", sct_sysdesc__leftout("tuxcall"));
	assert_null(sct_sysdesc__leftout("read"));
	assert_string_equal("clock", sct_sysdesc__class_name(SCT_CLASS_COUNT - 1));
	assert_null(sct_sysdesc__class_name(SCT_CLASS_COUNT));
}

static void descriptions_are_sorted_and_whole(void **state)
{
	const struct sct_sysdesc *d, *prev = NULL;
	const struct sct_argdesc *a;
	size_t i;
	unsigned int j;

	(void)state;
	assert_true(sct_sysdesc__count() > 350);
	for (i = 0; i < sct_sysdesc__count(); i++, prev = d) {
		d = sct_sysdesc__at(i);
		if (prev)
			assert_true(strcmp(prev->name, d->name) < 0);
		assert_true(d->nargs <= SCTRACE_MAX_ARGS);
		for (j = 0; j < d->nargs; j++) {
			a = &d->args[j];
			assert_true(*a->type && *a->name);
			/* memory of a type, and only that, names its type */
			/* bycmd:TYPE: what a command may point to (ioctl's) */
			assert_int_equal(a->kind == SCT_A_MEM || (a->kind == SCT_A_BYCMD && a->ctype),
					 sct_sysdesc__ctype(a->ctype) != NULL);
			assert_int_equal(a->kind == SCT_A_FLAGS || a->kind == SCT_A_ENUM, a->set != NULL);
			/* memory kinds, and only those, copy something */
			assert_int_equal(a->kind >= SCT_A_PATH || (a->kind == SCT_A_BYCMD && a->ctype),
					 a->cap[0].on || a->cap[1].on);
		}
	}
}

/* The x86-64 kernel ABI's sizes, as the printer will read them. */
static void memory_types_have_the_kernel_sizes(void **state)
{
	static const struct { unsigned int t; unsigned int size; } want[] = {
		{ SCT_T_STAT, 144 }, { SCT_T_STATX, 256 }, { SCT_T_EPOLL_EVENT, 12 },
		{ SCT_T_TIMESPEC, 16 }, { SCT_T_POLLFD, 8 }, { SCT_T_RUSAGE, 144 },
		{ SCT_T_SIGINFO, 128 }, { SCT_T_UTSNAME, 390 }, { SCT_T_KSIGACTION, 32 },
		{ SCT_T_SYSINFO, 112 }, { SCT_T_RLIMIT, 16 }, { SCT_T_INT2, 8 },
		{ SCT_T_FDSET, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(want[i].size, sct_sysdesc__ctype(want[i].t)->size);
	assert_true(sct_sysdesc__ctype(SCT_T_FDSET)->bits);
	assert_false(sct_sysdesc__ctype(SCT_T_STAT)->bits);
	assert_null(sct_sysdesc__ctype(SCT_T_NONE));
	assert_null(sct_sysdesc__ctype(SCT_T_COUNT));
}

/* Every x86-64 syscall this build can name: described, or left out and why. */
static void every_named_syscall_is_described_or_left_out(void **state)
{
	const char *name, *why;
	unsigned int nr, missing = 0;

	(void)state;
	for (nr = 0; nr < SCTRACE_MAX_SYSCALLS; nr++) {
		name = sct_syscall__name(nr);
		if (!name || sct_sysdesc__find(name))
			continue;
		why = sct_sysdesc__leftout(name);
		if (why && *why)
			continue;
		print_message("# %u %s: neither described nor left out\n", nr, name);
		missing++;
	}
	assert_int_equal(0, missing);
}

/* tracefs, mounted if it is not (root only); 0 if its events can be read. */
static int tracefs_ready(void)
{
	if (access(EVENTS "/sys_enter_read/format", R_OK) == 0)
		return 0;
	if (access(TRACEFS "/events", F_OK) != 0)
		mount("tracefs", TRACEFS, "tracefs", 0, NULL);
	return access(EVENTS "/sys_enter_read/format", R_OK);
}

/*
 * Reads the arguments of sys_enter_<event> from its format: the fields
 * after __syscall_nr, "field:TYPE NAME;". Returns how many, -1 if there
 * is no such event here.
 */
static int tracefs_args(const char *event, char types[][64], char names[][32])
{
	char path[256], line[256], *field, *semi, *sp;
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), EVENTS "/sys_enter_%s/format", event);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		field = strstr(line, "field:");
		if (!field)
			continue;
		field += 6;
		semi = strchr(field, ';');
		if (!semi)
			continue;
		*semi = '\0';
		if (strstr(field, "__syscall_nr")) {
			n = 0;
			continue;
		}
		if (n < 0 || n >= SCTRACE_MAX_ARGS + 1)
			continue;
		sp = strrchr(field, ' ');
		assert_non_null(sp);
		*sp = '\0';
		snprintf(types[n], 64, "%s", field);
		snprintf(names[n], 32, "%s", sp + 1);
		n++;
	}
	fclose(f);
	return n < 0 ? 0 : n;
}

static void arguments_match_the_tracepoints(void **state)
{
	char types[SCTRACE_MAX_ARGS + 1][64], names[SCTRACE_MAX_ARGS + 1][32];
	const struct sct_sysdesc *d;
	unsigned int checked = 0, absent = 0, bad = 0;
	int n, j;
	size_t i;

	(void)state;
	if (tracefs_ready()) {
		print_message("# SKIP: %s is not readable here (not root, or no tracefs)\n", EVENTS);
		skip();
	}
	for (i = 0; i < sct_sysdesc__count(); i++) {
		d = sct_sysdesc__at(i);
		n = tracefs_args(d->event, types, names);
		if (n < 0) {
			absent++;	/* not in this kernel, or not configured */
			continue;
		}
		checked++;
		if (n != d->nargs) {
			print_message("# %s: %d arguments in sys_enter_%s, %u in the table\n",
				      d->name, n, d->event, d->nargs);
			bad++;
			continue;
		}
		for (j = 0; j < n; j++) {
			if (strcmp(types[j], d->args[j].type) || strcmp(names[j], d->args[j].name)) {
				print_message("# %s argument %d: \"%s %s\" in sys_enter_%s, \"%s %s\" in the table\n",
					      d->name, j, types[j], names[j], d->event,
					      d->args[j].type, d->args[j].name);
				bad++;
			}
		}
	}
	print_message("# %u descriptions checked against tracefs, %u without an event here\n",
		      checked, absent);
	assert_int_equal(0, bad);
	assert_true(checked > 300);
}

/* A sys_enter_ event whose syscall the table neither describes nor leaves out. */
static void tracepoints_are_all_described(void **state)
{
	const struct sct_sysdesc *d;
	unsigned int missing = 0, events = 0;
	struct dirent *e;
	const char *ev;
	size_t i;
	DIR *dir;

	(void)state;
	if (tracefs_ready()) {
		print_message("# SKIP: %s is not readable here (not root, or no tracefs)\n", EVENTS);
		skip();
	}
	dir = opendir(EVENTS);
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "sys_enter_", 10))
			continue;
		ev = e->d_name + 10;
		events++;
		for (i = 0; i < sct_sysdesc__count(); i++) {
			d = sct_sysdesc__at(i);
			if (!strcmp(d->event, ev))
				break;
		}
		if (i < sct_sysdesc__count() || sct_sysdesc__leftout(ev))
			continue;
		print_message("# sys_enter_%s: not in the syscall table\n", ev);
		missing++;
	}
	closedir(dir);
	assert_true(events > 300);
	assert_int_equal(0, missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups_by_name_and_number),
		cmocka_unit_test(descriptions_are_sorted_and_whole),
		cmocka_unit_test(memory_types_have_the_kernel_sizes),
		cmocka_unit_test(every_named_syscall_is_described_or_left_out),
		cmocka_unit_test(arguments_match_the_tracepoints),
		cmocka_unit_test(tracepoints_are_all_described),
	};

	return cmocka_run_group_tests_name("sysdesc", tests, NULL, NULL);
}
