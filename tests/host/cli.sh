#!/usr/bin/env bash
# The sctrace CLI where no module is loaded (the host): usage, argument
# errors, the "module not loaded" message, and the choice of backend.
# TAP output.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
sctrace=$top/build/bin/sctrace
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
echo "1..7"
check() { # check NAME COMMAND...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else
		failed=1; echo "not ok $n - $name"; sed 's/^/# /' "$tmp/err" | tail -n 10
	fi
}
"$sctrace" --help >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--help exits 0 and shows the usage" \
	sh -c "[ $rc = 0 ] && grep -q -- '-e' '$tmp/out' && grep -q -- '-p' '$tmp/out'"
"$sctrace" -e no_such_syscall -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an unknown syscall in -e is a usage error naming it" \
	sh -c "[ $rc = 2 ] && grep -q no_such_syscall '$tmp/err'"
"$sctrace" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no command and no -p is a usage error" sh -c "[ $rc = 2 ]"
if [[ -e /dev/sctrace ]]; then
	n=$((n + 1)); echo "ok $n - module not loaded message # SKIP /dev/sctrace exists here"
else
	"$sctrace" --backend=kmod -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "--backend=kmod without the module: exit 1, says the module is not loaded" \
		sh -c "[ $rc = 1 ] && grep -q 'not loaded' '$tmp/err'"
fi
"$sctrace" --backend=nope -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an unknown --backend is a usage error" sh -c "[ $rc = 2 ] && grep -q 'nope' '$tmp/err'"
SCTRACE_BACKEND=nope "$sctrace" -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an unknown SCTRACE_BACKEND is a usage error naming the variable" \
	sh -c "[ $rc = 2 ] && grep -q 'SCTRACE_BACKEND=nope' '$tmp/err'"
if [[ -e /proc/modules ]]; then
	n=$((n + 1)); echo "ok $n - auto falls back to eBPF # SKIP this kernel has module support"
else
	"$sctrace" -e exit_group -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "auto without module support: eBPF, said once with the reason" \
		sh -c "[ $rc = 0 ] && [ \$(grep -c 'using the' '$tmp/err') = 1 ] &&
		       grep -qF 'using the eBPF backend (kernel has no module support)' '$tmp/err' &&
		       grep -q '^exit_group(0) *= ?$' '$tmp/out'"
fi
exit $failed
