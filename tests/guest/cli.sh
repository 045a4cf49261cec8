#!/bin/sh
# The sctrace CLI against a real backend: inside a guest the module (auto
# finds /dev/sctrace), or the eBPF probe with SCTRACE_BACKEND=bpf (in a
# guest or on the host). TAP output. Each check runs a real command under
# sctrace and looks at what it printed. The trace goes to its own file (-o):
# a command writing to the same open file could overwrite trace lines
# (copy_file_range() moves a shared file position without its lock).
backend=${SCTRACE_BACKEND:-auto}
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	for f in out err; do
		[ -s "$tmp/$f" ] && sed 's/^/# '"$f"': /' "$tmp/$f" | tail -n 15
	done
}
check() { # check NAME COMMAND...: passes when COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

echo "1..12"

sctrace -o "$tmp/out" -- ls / >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "sctrace -- ls / exits 0" [ "$rc" = 0 ]
check "ls / under sctrace: execve with its path, openat, getdents64, exit" \
	sh -c "grep -q '> execve(\"/[a-z/]*ls\"' '$tmp/out' &&
	       grep -q '< openat = ' '$tmp/out' &&
	       grep -q '> getdents64(' '$tmp/out' &&
	       grep -q '< exit_group\\|exit code' '$tmp/out'"
if [ "$backend" = bpf ]; then said="using the eBPF backend (SCTRACE_BACKEND=bpf)"
else said="using the kernel module backend (/dev/sctrace is present)"; fi
check "says once which backend it uses, and why" \
	sh -c "[ \$(grep -c 'using the' '$tmp/err') = 1 ] && grep -qF '$said' '$tmp/err'"
check "counters on stderr, nothing dropped" \
	sh -c "grep -q 'sctrace: [0-9]* records, 0 dropped' '$tmp/err' &&
	       ! grep -q WARNING '$tmp/err'"

sctrace -o "$tmp/out" -- sh -c 'exit 7' >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "exit status of the command is passed on (7)" [ "$rc" = 7 ]

sctrace -o "$tmp/out" -e openat -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e openat: only openat lines, with the path" \
	sh -c "grep -q 'openat(0xffffff9c, \"/etc/hostname\"' '$tmp/out' &&
	       ! grep -v ' [<>] openat\\b' '$tmp/out' | grep -q ' [<>] '"

sctrace -o "$tmp/out" -- sh -c 'sh -c "cat /etc/hostname"; true' >"$tmp/cmd" 2>"$tmp/err"
check "children and grandchildren are followed" \
	sh -c "grep -q '\"/etc/hostname\"' '$tmp/out' && grep -q 'fork child' '$tmp/out'"

# a capture file of this backend, read back: the same lines as -o prints
sctrace -w "$tmp/cap" -- ls / >"$tmp/cmd" 2>"$tmp/err"; rc=$?
sctrace -r "$tmp/cap" >"$tmp/out" 2>"$tmp/err2"; rc2=$?
records=$(sed -n 's/^sctrace: \([0-9]*\) records, 0 dropped.*/\1/p' "$tmp/err" | tail -n 1)
check "-w then -r: exit 0 both, execve and the exit in the text" \
	sh -c "[ $rc = 0 ] && [ $rc2 = 0 ] &&
	       grep -q '> execve(\"/[a-z/]*ls\"' '$tmp/out' && grep -q 'exit code 0' '$tmp/out'"
check "-r: one line per record captured ($records), the counters stored" \
	sh -c "[ -n '$records' ] && [ \$(wc -l <'$tmp/out') = '$records' ] &&
	       grep -q 'sctrace: $records records, 0 dropped' '$tmp/err2'"

sctrace -o "$tmp/out" -- /nonexistent/prog >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "a command that cannot run: exit 127 and a message" \
	sh -c "[ $rc = 127 ] && grep -q 'cannot run' '$tmp/err'"

# -p: attach to a running process, then interrupt
sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.2; done' &
loop=$!
sctrace -p "$loop" >"$tmp/out" 2>"$tmp/err" &
tracer=$!
sleep 3
# a second reader while the first holds the device
sctrace -- true >"$tmp/out2" 2>"$tmp/err2"; rc2=$?
kill -INT "$tracer"; wait "$tracer"; rc=$?
kill "$loop"; wait "$loop" 2>/dev/null
check "-p PID attaches; SIGINT ends it with 130" \
	sh -c "[ $rc = 130 ] && grep -q ' $loop [<>] ' '$tmp/out'"
if [ "$backend" = bpf ]; then
	check "a second reader traces too (each loads its own eBPF probe)" [ "$rc2" = 0 ]
else
	check "a second reader is told the device is busy" \
		sh -c "[ $rc2 = 1 ] && grep -qi 'busy' '$tmp/err2'"
fi

[ "$failed" = 0 ]
