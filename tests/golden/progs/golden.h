/* What every program of the golden corpus shares (tests/golden/README.md).
 *
 * Each program takes one argument, an empty directory of its own, and
 * makes the calls of one syscall family in a fixed order: the same lines
 * on every run but for the values run.sh normalises.  It exits 0, or 99
 * with a message naming the call that went wrong.
 */
#ifndef GOLDEN_H
#define GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The marker: run.sh compares only what follows the first such line (the
 * loader's calls before main() are not the program's).  The text is on
 * the stack, in a page that is surely present, so that a tracer that
 * cannot fault pages in still reads it.  The getpid() after it names the
 * process in a trace whose lines carry no pid. */
static inline void golden_begin(void)
{
	char m[] = "golden-begin";

	if (write(-1, m, 12) != -1)
		_exit(99);
	getpid();
}

/* Stops the program when a call did not do what the corpus expects. */
#define MUST(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s failed\n",		\
				__FILE__, __LINE__, #cond);		\
			exit(99);					\
		}							\
	} while (0)

/* DIR/NAME into buf (static per call site is enough for the corpus). */
static inline const char *golden_path(char *buf, size_t n, const char *dir,
				      const char *name)
{
	MUST((size_t)snprintf(buf, n, "%s/%s", dir, name) < n);
	return buf;
}

/* The directory argument, or a usage error. */
static inline const char *golden_dir(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		exit(2);
	}
	return argv[1];
}

#endif /* GOLDEN_H */
