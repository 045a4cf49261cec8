/* Memory: mmap (anonymous and of a file), mprotect, madvise, mremap,
 * munmap, brk. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "golden.h"

int main(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);
	char path[4096];
	long page = 4096;
	char *p, *q, *f;
	long brk0;
	int fd;

	golden_begin();
	p = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MUST(p != MAP_FAILED);
	p[0] = 1;
	MUST(mprotect(p, page, PROT_READ) == 0);
	MUST(mprotect(p + page, page, PROT_NONE) == 0);
	MUST(madvise(p + 2 * page, 2 * page, MADV_DONTNEED) == 0);
	MUST(madvise(p, page, 12345) == -1);
	q = mremap(p + 2 * page, 2 * page, 8 * page, MREMAP_MAYMOVE);
	MUST(q != MAP_FAILED);
	MUST(munmap(q, 8 * page) == 0);
	MUST(munmap(p, 2 * page) == 0);
	MUST(mmap(NULL, page, PROT_READ, MAP_SHARED, -1, 0) == MAP_FAILED);

	fd = open(golden_path(path, sizeof(path), dir, "m"),
		  O_CREAT | O_RDWR, 0600);
	MUST(fd >= 0);
	MUST(ftruncate(fd, 2 * page) == 0);
	f = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	MUST(f != MAP_FAILED);
	f[0] = 'x';
	MUST(msync(f, page, MS_SYNC) == 0);
	MUST(munmap(f, 2 * page) == 0);
	MUST(close(fd) == 0);

	brk0 = syscall(SYS_brk, 0);
	MUST(syscall(SYS_brk, brk0 + 4 * page) == brk0 + 4 * page);
	MUST(syscall(SYS_brk, brk0) == brk0);
	return 0;
}
