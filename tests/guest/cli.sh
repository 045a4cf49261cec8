#!/bin/sh
# The sctrace CLI against a real backend: inside a guest the module (auto
# finds /dev/sctrace), or the eBPF probe with SCTRACE_BACKEND=bpf (in a
# guest or on the host). TAP output. Each check runs a real command under
# sctrace and looks at what it printed (strace's format; --raw, a line per
# record with thread ids, where the ids matter). The trace goes to its own file (-o):
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

echo "1..18"

sctrace -o "$tmp/out" -- ls / >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "sctrace -- ls / exits 0" [ "$rc" = 0 ]
check "ls / under sctrace: execve with its path, openat, getdents64, exit" \
	sh -c "grep -q '^execve(\"/[a-z/]*ls\", \\[\"ls\", \"/\"\\], 0x[0-9a-f]* /\\* [0-9]* vars \\*/) *= 0$' '$tmp/out' &&
	       grep -q '^openat(AT_FDCWD, \"[^\"]*\", O_RDONLY[A-Z_|]*) *= [0-9]*$' '$tmp/out' &&
	       grep -q '^getdents64([0-9]*, .*) *= [0-9]*$' '$tmp/out' &&
	       grep -q '^exit_group(0) *= ?$' '$tmp/out' && tail -n 1 '$tmp/out' | grep -qx '+++ exited with 0 +++'"
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
	sh -c "grep -q '^openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) *= 3$' '$tmp/out' &&
	       ! grep -v '^openat(\\|^+++ exited' '$tmp/out' | grep -q ."

sctrace -o "$tmp/out" -- sh -c 'sh -c "cat /etc/hostname"; true' >"$tmp/cmd" 2>"$tmp/err"
check "children and grandchildren are followed" \
	sh -c "grep -q '^\\[pid [0-9]*\\] openat(AT_FDCWD, \"/etc/hostname\"' '$tmp/out' &&
	       grep -q '^\\[pid [0-9]*\\] +++ exited with 0 +++$' '$tmp/out'"

# a capture file of this backend, read back: the same lines as -o prints
sctrace -w "$tmp/cap" -- ls / >"$tmp/cmd" 2>"$tmp/err"; rc=$?
sctrace -r "$tmp/cap" >"$tmp/out" 2>"$tmp/err2"; rc2=$?
sctrace -r "$tmp/cap" --raw >"$tmp/raw" 2>/dev/null
records=$(sed -n 's/^sctrace: \([0-9]*\) records, 0 dropped.*/\1/p' "$tmp/err" | tail -n 1)
check "-w then -r: exit 0 both, execve and the exit in the text" \
	sh -c "[ $rc = 0 ] && [ $rc2 = 0 ] &&
	       grep -q '^execve(\"/[a-z/]*ls\"' '$tmp/out' && grep -q '^+++ exited with 0 +++$' '$tmp/out'"
check "-r --raw: one line per record captured ($records), the counters stored" \
	sh -c "[ -n '$records' ] && [ \$(wc -l <'$tmp/raw') = '$records' ] &&
	       grep -q 'sctrace: $records records, 0 dropped' '$tmp/err2'"

# the memory behind pointers: what read returned, a path whole, envp
printf 'hello from sctrace\n' >"$tmp/hello"
sctrace -s 16 -o "$tmp/out" -e openat,read -- head -n 1 "$tmp/hello" >"$tmp/cmd" 2>"$tmp/err"
check "read's bytes, cut at -s 16" \
	sh -c "grep -q '^read([0-9]*, \"hello from sctra\"\.\.\., [0-9]*) *= 19$' '$tmp/out'"
check "a path longer than -s is whole" \
	sh -c "grep -qF '\"$tmp/hello\"' '$tmp/out'"
sctrace -o "$tmp/out" -e execve -- env -i A=1 B=2 /bin/true >"$tmp/cmd" 2>"$tmp/err"
sctrace -v -o "$tmp/out2" -e execve -- env -i A=1 B=2 /bin/true >"$tmp/cmd" 2>"$tmp/err"
check "execve: argv; envp counted, and with -v its strings" \
	sh -c "grep -q '^execve(\"/bin/true\", \[\"/bin/true\"\], 0x[0-9a-f]* /\* 2 vars \*/) *= 0$' '$tmp/out' &&
	       grep -q '^execve(\"/bin/true\", \[\"/bin/true\"\], \[\"A=1\", \"B=2\"\]) *= 0$' '$tmp/out2'"

sctrace -o "$tmp/out" -- /nonexistent/prog >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "a command that cannot run: exit 127 and a message" \
	sh -c "[ $rc = 127 ] && grep -q 'cannot run' '$tmp/err'"

# -p: attach to a running process, then interrupt
sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.2; done' &
loop=$!
sctrace --raw -p "$loop" >"$tmp/out" 2>"$tmp/err" &
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

# pid namespaces: sctrace run inside one, as in a container. Pids in
# filters and in the output are the namespace's; the reader never traces
# itself.
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	unshare --pid --fork --mount-proc sh -c "sctrace --raw -o '$tmp/out' -- sh -c 'echo \$\$ >$tmp/pid; exec cat /etc/hostname'" \
		>"$tmp/cmd" 2>"$tmp/err"
	nspid=$(cat "$tmp/pid" 2>/dev/null)
	check "pid namespace: the command's records carry its pid there ($nspid)" \
		sh -c "[ -n '$nspid' ] && grep -q ' $nspid > openat(0xffffff9c, \"/etc/hostname\"' '$tmp/out'"
	unshare --pid --fork --mount-proc sh -c "
		sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.2; done' & loop=\$!
		echo \$loop >$tmp/pid
		sctrace --raw -p \$loop -o '$tmp/out' & tracer=\$!
		sleep 3; kill -INT \$tracer; wait \$tracer; kill \$loop" >"$tmp/cmd" 2>"$tmp/err"
	loop=$(cat "$tmp/pid" 2>/dev/null)
	check "pid namespace: -p takes the namespace's pid ($loop)" \
		sh -c "[ -n '$loop' ] && grep -q ' $loop [<>] ' '$tmp/out' &&
		       ! grep -v ' $loop [<>] \| fork child \| exit code ' '$tmp/out' | grep -q ' [<>] '"
	unshare --pid --fork --mount-proc sh -c "
		sh -c 'echo \$\$ >$tmp/pid; exec sctrace --raw --all -e write -o $tmp/out' & tracer=\$!
		sleep 3; i=0; while [ \$i -lt 3000 ]; do echo x >/dev/null; i=\$((i + 1)); done
		sleep 1; kill -INT \$tracer; wait \$tracer" >"$tmp/cmd" 2>"$tmp/err"
	reader=$(cat "$tmp/pid" 2>/dev/null)
	# the writes are the loop's, pid 1 there (the reader's would show too)
	check "pid namespace: --all traces the namespace, not the reader ($reader)" \
		sh -c "[ -n '$reader' ] && grep -q '^[0-9.]* 1 > write(' '$tmp/out' &&
		       ! grep ' > write(' '$tmp/out' | grep -qv '^[0-9.]* 1 > write('"
else
	for i in 1 2 3; do n=$((n + 1)); echo "ok $n # SKIP unshare --pid --fork --mount-proc does not work here"; done
fi

[ "$failed" = 0 ]
