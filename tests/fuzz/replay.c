// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * The corpus of a fuzz target replayed as a TAP suite, for `make check`:
 * linked with the target (LLVMFuzzerTestOneInput) built under
 * AddressSanitizer and UBSan without recovery, it hands every file of the
 * directories given to the target, one test per file. A crash or a
 * sanitizer report stops the program (exit status not 0), and the tests
 * after it are missing from the plan: the suite fails. Memory the target
 * leaked is looked for (LeakSanitizer) after each input: that input's test
 * fails.
 *
 *   replay_capfile tests/fuzz/corpus/capfile
 *
 * What the target prints on stderr (the CLI's messages about the damage it
 * found) is kept only until the next input: it is printed, the sanitizer's
 * report last, only when a sanitizer stops the program.
 */
#define _GNU_SOURCE	/* memfd_create */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Built with AddressSanitizer (make check); without: for coverage (make fuzz-cov). */
#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_ASAN
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_ASAN
#endif
#endif
#ifdef REPLAY_ASAN
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#else
static void __sanitizer_set_death_callback(void (*fn)(void)) { (void)fn; }
static int __lsan_do_recoverable_leak_check(void) { return 0; }
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_INPUT	(4u << 20)	/* the fuzzers' -max_len is far below */

static int regular(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The file's bytes, in an allocation of exactly its size (ASan sees past it). */
static uint8_t *read_input(const char *path, size_t *size)
{
	uint8_t *buf = NULL;
	struct stat st;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > REPLAY_MAX_INPUT)
		goto out;
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	*size = (size_t)st.st_size;
	if (buf && *size && (got = read(fd, buf, *size)) != (ssize_t)*size) {
		free(buf);
		buf = NULL;
	}
out:
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * The target's stderr goes into a memfd, emptied before each input. A
 * sanitizer that stops the program calls this after its report: the
 * input's stderr (the report last) then goes to the real stderr.
 */
static int real_stderr = -1, input_stderr = -1;

static void dump_stderr(void)
{
	char buf[4096];
	ssize_t n;

	if (lseek(input_stderr, 0, SEEK_SET) < 0)
		return;
	while ((n = read(input_stderr, buf, sizeof(buf))) > 0)
		if (write(real_stderr, buf, (size_t)n) != n)
			return;
}

static void capture_stderr(void)
{
	real_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	input_stderr = memfd_create("replay-stderr", MFD_CLOEXEC);
	if (real_stderr < 0 || input_stderr < 0 || dup2(input_stderr, STDERR_FILENO) < 0)
		return;
	__sanitizer_set_death_callback(dump_stderr);
}

static void clear_stderr(void)
{
	if (ftruncate(STDERR_FILENO, 0) == 0)
		lseek(STDERR_FILENO, 0, SEEK_SET);
}

int main(int argc, char **argv)
{
	struct dirent **names[16];
	int counts[16], i, j, n = 0, t = 0, failed = 0;
	char path[4096];
	uint8_t *buf;
	size_t size;

	if (argc < 2 || argc > 17) {
		fprintf(stderr, "usage: %s CORPUS_DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		counts[i - 1] = scandir(argv[i], &names[i - 1], regular, alphasort);
		if (counts[i - 1] < 0) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i], strerror(errno));
			return 2;
		}
		n += counts[i - 1];
	}
	setvbuf(stdout, NULL, _IOLBF, 0);	/* each result out before the next input */
	printf("1..%d\n", n);
	capture_stderr();
	for (i = 1; i < argc; i++) {
		for (j = 0; j < counts[i - 1]; j++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[i - 1][j]->d_name);
			buf = read_input(path, &size);
			if (!buf) {
				printf("not ok %d - %s: cannot read it\n", ++t, path);
				failed++;
			} else {
				printf("# %s (%zu bytes)\n", path, size);
				clear_stderr();
				LLVMFuzzerTestOneInput(buf, size);
				if (__lsan_do_recoverable_leak_check()) {
					printf("not ok %d - %s: memory leaked\n", ++t, path);
					dump_stderr();
					failed++;
				} else {
					printf("ok %d - %s: no crash, no sanitizer report, no leak\n",
					       ++t, path);
				}
			}
			free(buf);
			free(names[i - 1][j]);
		}
		free(names[i - 1]);
	}
	return failed ? 1 : 0;
}
