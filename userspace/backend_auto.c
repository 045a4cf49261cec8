// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Which backend sctrace_open() uses: the one asked for, or for AUTO the
 * module when its device exists, else the module after `modprobe sctrace`
 * on a kernel with module support, else eBPF. t->reason says why; when
 * nothing works, the error names what each backend lacks. When it picks
 * the module on a kernel where the eBPF probe could not run anyway (no
 * BTF), the reason says that too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"

/* Opens with ops; on failure undoes it, so that another may be tried. */
static int sct_open__try(struct sctrace *t, const struct sct_backend_ops *ops,
			 const struct sctrace_open_opts *o)
{
	int ret;

	t->ops = ops;
	ret = ops->open(t, o);
	if (ret && t->priv)
		ops->close(t);
	if (ret)
		memset(&t->info, 0, sizeof(t->info));
	return ret;
}

/* The module was picked because of why; and eBPF could not have been. */
static void sct_open__kmod_reason(struct sctrace *t, const char *why)
{
	char lacks[200];

	if (sct_bpf__btf_missing(lacks, sizeof(lacks)))
		snprintf(t->reason, sizeof(t->reason), "%.100s; the eBPF backend cannot run here: %.180s",
			 why, lacks);
	else
		snprintf(t->reason, sizeof(t->reason), "%s", why);
}

static int sct_open__auto(struct sctrace *t, const struct sctrace_open_opts *o)
{
	char why[160], bpf_err[sizeof(t->errmsg)];
	int ret;

	ret = sct_open__try(t, &sct_backend_kmod, o);
	if (!ret) {
		snprintf(why, sizeof(why), "%.100s is present",
			 o->device ? o->device : "/dev/" SCTRACE_DEVICE_NAME);
		sct_open__kmod_reason(t, why);
	}
	if (ret != -ENOENT)
		return ret;	/* there is a device: its errors are the answer */
	ret = sct_kmod__modprobe(why, sizeof(why));
	if (!ret) {
		ret = sct_open__try(t, &sct_backend_kmod, o);
		if (!ret)
			sct_open__kmod_reason(t, "module loaded with modprobe sctrace");
		if (ret != -ENOENT)
			return ret;
		snprintf(why, sizeof(why), "modprobe sctrace loaded no device: %.120s", t->errmsg);
	}
	ret = sct_open__try(t, &sct_backend_bpf, o);
	if (!ret) {
		snprintf(t->reason, sizeof(t->reason), "%s", why);
		return 0;
	}
	snprintf(bpf_err, sizeof(bpf_err), "%s", t->errmsg);
	return sct_fail(t, -ret, "no backend works here. Module: %.159s. eBPF: %.300s", why, bpf_err);
}

int sct_backend__open(struct sctrace *t, const struct sctrace_open_opts *o)
{
	t->reason[0] = '\0';
	switch (o->backend) {
	case SCTRACE_BACKEND_AUTO:
		return sct_open__auto(t, o);
	case SCTRACE_BACKEND_KMOD:
		return sct_open__try(t, &sct_backend_kmod, o);
	case SCTRACE_BACKEND_BPF:
		return sct_open__try(t, &sct_backend_bpf, o);
	}
	return sct_fail(t, EINVAL, "unknown backend %d", (int)o->backend);
}
