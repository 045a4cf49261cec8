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
echo "1..24"
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
"$sctrace" -e status=bogus -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-e status= with a word strace does not know is a usage error" \
	sh -c "[ $rc = 2 ] && grep -q \"invalid status 'bogus'\" '$tmp/err'"
"$sctrace" -e abbrev=none -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an strace -e qualifier sctrace cannot honour says so" \
	sh -c "[ $rc = 2 ] && grep -q \"cannot honour strace's -e abbrev=\" '$tmp/err'"
"$sctrace" -e trace=%stat -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-e trace=%stat: a class sctrace has not is a usage error naming it" \
	sh -c "[ $rc = 2 ] && grep -q \"unknown class '%stat'\" '$tmp/err'"
"$sctrace" -e 'trace=/[' -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-e trace=/REGEX that does not compile is a usage error" \
	sh -c "[ $rc = 2 ] && grep -q 'regular expression' '$tmp/err'"
"$sctrace" -u sctrace-no-such-user -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-u with an unknown user: exit 1, strace's message, before any backend" \
	sh -c "[ $rc = 1 ] && grep -qx \"sctrace: Cannot find user 'sctrace-no-such-user'\" '$tmp/err'"
"$sctrace" -u nobody -p 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-u without COMMAND is a usage error" \
	sh -c "[ $rc = 2 ] && grep -q 'there is no COMMAND' '$tmp/err'"
"$sctrace" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no command and no -p is a usage error" sh -c "[ $rc = 2 ]"
if [[ -e /dev/sctrace ]]; then
	n=$((n + 1)); echo "ok $n - module not loaded message # SKIP /dev/sctrace exists here"
else
	"$sctrace" --backend=kmod -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [[ -e /proc/modules ]]; then
		check "--backend=kmod without the module: exit 1, says the module is not loaded" \
			sh -c "[ $rc = 1 ] && grep -q 'not loaded' '$tmp/err'"
	else
		check "--backend=kmod on a kernel without modules: exit 1, says so (no insmod advice)" \
			sh -c "[ $rc = 1 ] && grep -q 'this kernel has no module support' '$tmp/err' &&
			       ! grep -q insmod '$tmp/err'"
	fi
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
		       grep -q '^exit_group(0) *= ?$' '$tmp/err' && [ ! -s '$tmp/out' ]"
fi
# what can be checked is checked before a backend is chosen
"$sctrace" -p 999999 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-p of no process: exit 1, No such process, before any backend" \
	sh -c "[ $rc = 1 ] && grep -q 'process 999999: No such process' '$tmp/err' &&
	       ! grep -q 'using the' '$tmp/err'"
timeout 10 "$sctrace" -p 2 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-p of a kernel thread: exit 1, says it is one" \
	sh -c "[ $rc = 1 ] && grep -q 'process 2: it is a kernel thread (kthreadd)' '$tmp/err' &&
	       ! grep -q 'using the' '$tmp/err'"
"$sctrace" -- nosuch_command_14 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a command not in \$PATH: exit 127, says so, before any backend" \
	sh -c "[ $rc = 127 ] && grep -q 'cannot run nosuch_command_14: No such file or directory' '$tmp/err' &&
	       ! grep -q 'using the' '$tmp/err'"
"$sctrace" -ff -w "$tmp/cap" -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-ff with -w is refused: they cannot both hold" \
	sh -c "[ $rc = 2 ] && grep -q -- '-ff writes text files' '$tmp/err'"
"$sctrace" -c -w "$tmp/cap" -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-c with -w is refused, saying to read the capture with -r -c" \
	sh -c "[ $rc = 2 ] && grep -q -- '-r $tmp/cap -c' '$tmp/err'"
"$sctrace" --json --raw -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
"$sctrace" --json -C -- true >"$tmp/out2" 2>"$tmp/err2"; rc2=$?
check "--json with --raw or -C is refused" \
	sh -c "[ $rc = 2 ] && grep -q -- '--raw' '$tmp/err' && [ $rc2 = 2 ] && grep -q 'not JSON' '$tmp/err2'"
"$sctrace" -c -S size -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-S with a key strace does not have is a usage error naming the keys" \
	sh -c "[ $rc = 2 ] && grep -q 'size: not time, min-time' '$tmp/err'"
"$sctrace" --export=perfetto:x -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--export of another format is a usage error" \
	sh -c "[ $rc = 2 ] && grep -q 'not chrome:FILE' '$tmp/err'"
if [[ -e /proc/modules ]]; then
	n=$((n + 1)); echo "ok $n - large rings are said # SKIP the module may be chosen here"
else
	"$sctrace" --ring-size=256M -e exit_group -- true >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "--ring-size: a large total is said, with the memory available, before it is allocated" \
		sh -c "[ $rc = 0 ] && grep -q 'MiB of rings (MemAvailable: [0-9]* MiB)' '$tmp/err' &&
		       [ \$(grep -n 'MiB of rings' '$tmp/err' | cut -d: -f1) -lt \$(grep -n 'using the' '$tmp/err' | cut -d: -f1) ]"
fi
# the man page: every long option of --help documented, and it renders clean
man1=$top/doc/sctrace.1
"$sctrace" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/longopts"
: >"$tmp/err"
while read -r opt; do
	grep -qF -- "${opt//-/\\-}" "$man1" || echo "$opt is not in doc/sctrace.1" >>"$tmp/err"
done <"$tmp/longopts"
check "doc/sctrace.1 documents every long option of --help" \
	sh -c "[ -s '$tmp/longopts' ] && [ ! -s '$tmp/err' ]"
if ! command -v groff >/dev/null; then
	n=$((n + 1)); echo "ok $n - doc/sctrace.1 renders without warnings # SKIP groff is not installed (Debian groff-base)"
else
	groff -man -Tutf8 -ww -z "$man1" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "doc/sctrace.1 renders without warnings (groff -man -ww)" \
		sh -c "[ $rc = 0 ] && [ ! -s '$tmp/err' ]"
fi
exit $failed
