#!/usr/bin/env bash
# Kernel code hygiene as TAP: for every kernel release given, the module
# builds with W=1 without a single warning and sparse (C=2) reports
# nothing; checkpatch.pl (linux-source-6.1) is clean on driver/ and on the
# bench's floor module (tools/bench/floor/).
# Usage: tests/host/kmod-lint.sh CHECKPATCH RELEASE...
set -uo pipefail
checkpatch=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 failed=0
echo "1..$((2 * $# + 1))"
result() { # result NAME LOGFILE STATUS
	n=$((n + 1))
	if [[ $3 == 0 ]]; then echo "ok $n - $1"; else
		failed=1; echo "not ok $n - $1"; sed 's/^/# /' "$2" | tail -n 30
	fi
}
for rel in "$@"; do
	dir=$top/build/lint/$rel
	rm -rf "$dir"; mkdir -p "$dir"
	cp "$top"/driver/*.[ch] "$top"/driver/Kbuild "$dir"/
	make -C "/lib/modules/$rel/build" M="$dir" W=1 modules >"$dir/w1.log" 2>&1
	st=$?
	grep -q -E 'warning:|error:' "$dir/w1.log" && st=1
	result "W=1 build without warnings against $rel" "$dir/w1.log" $st
	touch "$dir"/*.c
	make -C "/lib/modules/$rel/build" M="$dir" C=2 modules >"$dir/sparse.log" 2>&1
	st=$?
	grep -q -E 'warning:|error:' "$dir/sparse.log" && st=1
	grep -q CHECK "$dir/sparse.log" || st=1	# sparse did not run at all
	result "sparse (C=2) clean against $rel" "$dir/sparse.log" $st
done
log=$top/build/lint/checkpatch.log
perl "$checkpatch" --no-tree --terse -f "$top"/driver/*.[ch] "$top"/tools/bench/floor/*.c >"$log" 2>&1
st=0
grep -v -q -E '^total: 0 errors, 0 warnings|^$' "$log" && st=1
result "checkpatch.pl clean on driver/ and tools/bench/floor/" "$log" $st
exit $failed
