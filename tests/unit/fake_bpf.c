// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* Fake eBPF backend for test_api (see fake_kmod.h): opens or fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "backend.h"
#include "fake_kmod.h"

int fake_bpf_err;
const char *fake_bpf_msg = "";
int fake_bpf_no_btf;

int sct_bpf__btf_missing(char *why, size_t whylen)
{
	if (fake_bpf_no_btf)
		snprintf(why, whylen, "kernel 5.4.0 has no BTF (/sys/kernel/btf/vmlinux: No such file or directory)");
	return fake_bpf_no_btf;
}

static int fake_bpf_open(struct sctrace *t, const struct sctrace_open_opts *opts)
{
	(void)opts;
	if (fake_bpf_err)
		return sct_fail(t, fake_bpf_err, "%s", fake_bpf_msg);
	t->priv = calloc(1, 1);
	if (!t->priv)
		return sct_fail(t, ENOMEM, "out of memory");
	t->info.nr_cpus = 1;
	return 0;
}

static void fake_bpf_close(struct sctrace *t)
{
	free(t->priv);
	t->priv = NULL;
}

const struct sct_backend_ops sct_backend_bpf = {
	.name = "bpf",
	.open = fake_bpf_open,
	.close = fake_bpf_close,
};
