/* Time: clock_gettime, clock_getres, gettimeofday (as syscalls: glibc
 * would answer them from the vDSO), nanosleep, clock_nanosleep. */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "golden.h"

int main(int argc, char **argv)
{
	struct timespec ts, req = { 0, 1000000 };
	struct timeval tv;

	(void)golden_dir(argc, argv);
	golden_begin();
	MUST(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) == 0);
	MUST(syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) == 0);
	MUST(syscall(SYS_clock_gettime, 1234, &ts) == -1);
	MUST(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts) == 0);
	MUST(syscall(SYS_gettimeofday, &tv, NULL) == 0);
	MUST(syscall(SYS_nanosleep, &req, NULL) == 0);
	MUST(syscall(SYS_nanosleep, &req, &ts) == 0);
	req.tv_nsec = 2000000000L;
	MUST(syscall(SYS_nanosleep, &req, NULL) == -1);
	req.tv_nsec = 500000;
	MUST(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	MUST(clock_nanosleep(CLOCK_BOOTTIME, 0, &req, &ts) == 0);
	return 0;
}
