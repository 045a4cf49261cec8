// SPDX-License-Identifier: MIT
/*
 * sysbench sync: how long the reader's ordering wait (merge step 2,
 * userspace/merge.h) takes: N calls of the module's SCTRACE_IOC_SYNC on
 * /dev/sctrace (--backend kmod; the device must be free) or of
 * membarrier(MEMBARRIER_CMD_GLOBAL), what the eBPF backend calls
 * (--backend bpf). Prints one line:
 *
 *   sysbench-sync: backend=B calls=N min_us=.. median_us=.. p90_us=.. max_us=..
 *
 * The reader pays this at most once per read round that finds records,
 * in its own thread; the traced workload does not wait for it.
 * Usage: sysbench sync [--backend kmod|bpf] [--calls N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/membarrier.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "sctrace_abi.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One wait: 0 or -errno. */
static int sync_once(int fd)
{
	struct sctrace_sync s = { .size = sizeof(s), .flags = 0 };

	if (fd >= 0)
		return ioctl(fd, SCTRACE_IOC_SYNC, &s) ? -errno : 0;
	return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) ? -errno : 0;
}

int bench_sync_main(int argc, char **argv)
{
	const char *backend = "kmod";
	uint64_t n = 200, i, *lat, t0;
	int a, fd = -1, err;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--backend") && a + 1 < argc)
			backend = argv[++a];
		else if (!strcmp(argv[a], "--calls") && a + 1 < argc)
			n = bench_parse_u64("--calls", argv[++a]);
		else {
			fprintf(stderr, "usage: sysbench sync [--backend kmod|bpf] [--calls N]\n");
			return 2;
		}
	}
	if (!strcmp(backend, "kmod")) {
		fd = open("/dev/" SCTRACE_DEVICE_NAME, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sysbench sync: cannot open /dev/%s: %s\n",
				SCTRACE_DEVICE_NAME, strerror(errno));
			return 1;
		}
	} else if (strcmp(backend, "bpf")) {
		fprintf(stderr, "sysbench sync: --backend kmod or bpf, not %s\n", backend);
		return 2;
	}
	lat = calloc(n, sizeof(*lat));
	if (!lat)
		return 1;
	for (i = 0; i < n; i++) {
		t0 = bench_now_ns();
		err = sync_once(fd);
		lat[i] = bench_now_ns() - t0;
		if (err) {
			fprintf(stderr, "sysbench sync: %s failed: %s\n",
				fd >= 0 ? "SCTRACE_IOC_SYNC" : "membarrier(MEMBARRIER_CMD_GLOBAL)",
				strerror(-err));
			return 1;
		}
	}
	qsort(lat, n, sizeof(*lat), cmp_u64);
	printf("sysbench-sync: backend=%s calls=%llu min_us=%.1f median_us=%.1f p90_us=%.1f max_us=%.1f\n",
	       backend, (unsigned long long)n, lat[0] / 1e3, lat[n / 2] / 1e3,
	       lat[n * 9 / 10] / 1e3, lat[n - 1] / 1e3);
	free(lat);
	if (fd >= 0)
		close(fd);
	return 0;
}
