#!/bin/sh
# Runs inside a guest (tools/vm-run has loaded the module): the behaviour
# selftests through each backend (capture_test; capmem_test: the memory
# behind pointer arguments; bpf_test: the ordering
# sync, stop, starts racing forks, pid namespaces), the module's ABI selftests, capture
# started and stopped under load, the CLI
# through each backend, short stress runs (exact accounting, CPU
# hotplug, readers killed, module unload/load: tests/stress/soak.sh),
# the equivalence of the two backends, strace's
# lines against sctrace's through the module (tests/golden), and the
# automatic choice between them. Each
# suite's TAP goes to stdout after a line "### suite NAME", which
# tests/run-check uses to split the stream. On a kernel without BTF (5.4,
# 5.10 as built in ../shared/kernels) the eBPF probe cannot load: the
# suites that need it are skipped, with that reason, and auto.sh checks
# that the automatic choice says so.
# Usage (in the guest): [SCTRACE_SUITE_NO_BPF=REASON] tests/guest/suite.sh REPO_ROOT KO_PATH
root=${1:?repo root}
ko=${2:?path of the sctrace.ko that was loaded}
export SCTRACE_KO="$ko"
cd "$root" || exit 1
# SCTRACE_SUITE_NO_BPF=REASON skips the eBPF suites too, for that reason
no_bpf=${SCTRACE_SUITE_NO_BPF:-}
[ -r /sys/kernel/btf/vmlinux ] ||
	no_bpf="kernel $(uname -r) has no BTF (/sys/kernel/btf/vmlinux): the eBPF backend cannot run"
skip_suite() { # skip_suite NAME...: each a suite of one skipped test
	for s in "$@"; do
		echo "### suite $s"
		echo "1..1"
		echo "ok 1 - $s # SKIP $no_bpf"
	done
}
for b in kmod bpf; do
	if [ "$b" = bpf ] && [ -n "$no_bpf" ]; then
		skip_suite capture_test_bpf capmem_test_bpf bpf_test_bpf
		continue
	fi
	echo "### suite capture_test_$b"
	SCTRACE_TEST_BACKEND=$b build/tests/selftests/capture_test 2>&1
	echo "# exit status $?"
	echo "### suite capmem_test_$b"
	SCTRACE_TEST_BACKEND=$b build/tests/selftests/capmem_test 2>&1
	echo "# exit status $?"
	echo "### suite bpf_test_$b"
	SCTRACE_TEST_BACKEND=$b build/tests/selftests/bpf_test 2>&1
	echo "# exit status $?"
done
echo "### suite kmod_test"
build/tests/selftests/kmod_test 2>&1
echo "# exit status $?"
echo "### suite startstop"
tests/guest/startstop.sh 2>&1
# the short stress runs (tests/stress/soak.sh; make check-long: the long ones)
echo "### suite soak"
tests/stress/soak.sh "$ko" 2>&1
echo "### suite cli_guest"
tests/guest/cli.sh 2>&1
# A short run of each kernel-side fuzzer (tests/stress; make check-long
# runs them long): the device's ABI (the module unloaded and loaded again
# around it), and the eBPF maps held by a hostile process
echo "### suite fuzz_dev"
build/tests/stress/fuzz_dev --seed 17 --ops 20000 --threads 4 2>&1
echo "# exit status $?"
if [ -n "$no_bpf" ]; then
	skip_suite cli_guest_bpf equiv equiv_bytes fuzz_bpfmaps
else
	echo "### suite cli_guest_bpf"
	SCTRACE_BACKEND=bpf tests/guest/cli.sh 2>&1
	echo "### suite equiv"
	tests/guest/equiv.sh "$root" 2>&1
	echo "### suite equiv_bytes"
	build/tests/guest/equiv_bytes 2>&1
	echo "# exit status $?"
	echo "### suite fuzz_bpfmaps"
	build/tests/stress/fuzz_bpfmaps --seed 17 --ops 10000 --threads 3 2>&1
	echo "# exit status $?"
fi
# strace's lines against the module's: on Debian's kernels, whose thresholds
# tests/golden holds (an older kernel makes other calls: no clone3 in 5.4)
case $(uname -r) in
*-amd64)
	echo "### suite golden_kmod"
	SCTRACE_BACKEND=kmod tests/golden/run.sh 2>&1 ;;
*)
	no_bpf="the golden thresholds are Debian 6.1's and 6.12's, not $(uname -r)'s"
	skip_suite golden_kmod ;;
esac
echo "### suite auto"
tests/guest/auto.sh "$ko" 2>&1
echo "### end"
