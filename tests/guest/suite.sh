#!/bin/sh
# Runs inside a guest (tools/vm-run has loaded the module): the behaviour
# selftests through each backend (capture_test; capmem_test: the memory
# behind pointer arguments; bpf_test: the ordering
# sync, stop, starts racing forks, pid namespaces), the module's ABI selftests, capture
# started and stopped under load, the CLI
# through each backend, the equivalence of the two backends, strace's
# lines against sctrace's through the module (tests/golden), and the
# automatic choice between them. Each
# suite's TAP goes to stdout after a line "### suite NAME", which
# tests/run-check uses to split the stream.
# Usage (in the guest): tests/guest/suite.sh REPO_ROOT KO_PATH
root=${1:?repo root}
ko=${2:?path of the sctrace.ko that was loaded}
export SCTRACE_KO="$ko"
cd "$root" || exit 1
for b in kmod bpf; do
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
echo "### suite cli_guest"
tests/guest/cli.sh 2>&1
echo "### suite cli_guest_bpf"
SCTRACE_BACKEND=bpf tests/guest/cli.sh 2>&1
echo "### suite equiv"
tests/guest/equiv.sh "$root" 2>&1
echo "### suite equiv_bytes"
build/tests/guest/equiv_bytes 2>&1
echo "# exit status $?"
echo "### suite golden_kmod"
SCTRACE_BACKEND=kmod tests/golden/run.sh 2>&1
echo "### suite auto"
tests/guest/auto.sh "$ko" 2>&1
echo "### end"
