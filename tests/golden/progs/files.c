/* Files: open/openat/read/write/lseek/pread64/pwrite64, the stat family,
 * access, unlink, rename, mkdir, getdents64, statfs/fstatfs,
 * symlink/readlink, chmod, utimensat.  Raw syscall() where glibc would pick another call. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include "golden.h"

int main(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);
	char a[4096], b[4096], d[4096], l[4096], buf[64], ents[256];
	struct stat st;
	struct statfs sfs;
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000001, 500 } };
	int fd, dfd;

	golden_begin();
	golden_path(a, sizeof(a), dir, "a");
	golden_path(b, sizeof(b), dir, "b");
	golden_path(d, sizeof(d), dir, "sub");
	golden_path(l, sizeof(l), dir, "link");

	fd = open(a, O_CREAT | O_RDWR | O_TRUNC, 0640);
	MUST(fd >= 0);
	MUST(write(fd, "hello, golden\n", 14) == 14);
	MUST(lseek(fd, 0, SEEK_SET) == 0);
	MUST(read(fd, buf, sizeof(buf)) == 14);
	MUST(lseek(fd, 7, SEEK_SET) == 7);
	MUST(read(fd, buf, 0) == 0);
	MUST(pwrite(fd, "GOLD", 4, 7) == 4);
	MUST(pread(fd, buf, 6, 5) == 6);
	MUST(lseek(fd, 0, SEEK_END) == 14);
	MUST(syscall(SYS_fstat, fd, &st) == 0);
	MUST(close(fd) == 0);

	MUST(syscall(SYS_stat, a, &st) == 0);
	MUST(syscall(SYS_lstat, a, &st) == 0);
	MUST(stat(a, &st) == 0);
	MUST(fstatat(AT_FDCWD, b, &st, 0) == -1);
	MUST(access(a, R_OK | W_OK) == 0);
	MUST(access(b, F_OK) == -1);
	MUST(syscall(SYS_chmod, a, 0600) == 0);
	MUST(utimensat(AT_FDCWD, a, ts, 0) == 0);
	MUST(utimensat(AT_FDCWD, a, NULL, AT_SYMLINK_NOFOLLOW) == 0);
	MUST(syscall(SYS_rename, a, b) == 0);
	MUST(syscall(SYS_mkdir, d, 0755) == 0);
	MUST(syscall(SYS_mkdir, d, 0755) == -1);
	MUST(syscall(SYS_symlink, "b", l) == 0);
	MUST(syscall(SYS_readlink, l, buf, sizeof(buf)) == 1);
	MUST(syscall(SYS_readlink, b, buf, sizeof(buf)) == -1);

	dfd = openat(AT_FDCWD, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	MUST(dfd >= 0);
	fd = openat(dfd, "c", O_CREAT | O_WRONLY | O_EXCL, 0600);
	MUST(fd >= 0);
	MUST(close(fd) == 0);
	MUST(syscall(SYS_getdents64, dfd, ents, sizeof(ents)) > 0);
	MUST(syscall(SYS_getdents64, dfd, ents, sizeof(ents)) == 0);
	MUST(syscall(SYS_fstatfs, dfd, &sfs) == 0);
	MUST(syscall(SYS_statfs, d, &sfs) == 0);
	MUST(syscall(SYS_statfs, l, &sfs) == 0);
	MUST(unlinkat(dfd, "c", 0) == 0);
	MUST(close(dfd) == 0);

	MUST(syscall(SYS_unlink, l) == 0);
	MUST(syscall(SYS_unlink, b) == 0);
	MUST(syscall(SYS_unlink, b) == -1);
	MUST(syscall(SYS_rmdir, d) == 0);
	return 0;
}
