#!/bin/sh
# Runs inside a guest (tools/vm-run has loaded the module): every selftest
# binary, then the CLI tests. Each suite's TAP goes to stdout after a line
# "### suite NAME", which tests/run-check uses to split the stream.
# Usage (in the guest): tests/guest/suite.sh REPO_ROOT KO_PATH
root=${1:?repo root}
ko=${2:?path of the sctrace.ko that was loaded}
export SCTRACE_KO=$ko
cd "$root" || exit 1
for t in capture_test kmod_test; do
	echo "### suite $t"
	build/tests/selftests/$t 2>&1
	echo "# exit status $?"
done
echo "### suite cli_guest"
tests/guest/cli.sh 2>&1
echo "### end"
