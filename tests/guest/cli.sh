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

echo "1..52"

sctrace -o "$tmp/out" -- ls / >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "sctrace -- ls / exits 0" [ "$rc" = 0 ]
check "ls / under sctrace: execve with its path, openat, getdents64, exit" \
	sh -c "grep -q '^execve(\"/[a-z/]*ls\", \\[\"ls\", \"/\"\\], 0x[0-9a-f]* /\\* [0-9]* vars \\*/) *= 0$' '$tmp/out' &&
	       grep -q '^openat(AT_FDCWD, \"[^\"]*\", O_RDONLY[A-Z_|]*) *= [0-9]*$' '$tmp/out' &&
	       grep -q '^getdents64([0-9]*, .*) *= [0-9]*$' '$tmp/out' &&
	       grep -q '^exit_group(0) *= ?$' '$tmp/out' && tail -n 1 '$tmp/out' | grep -qx '+++ exited with 0 +++'"
if [ "$backend" = bpf ]; then said="using the eBPF backend (SCTRACE_BACKEND=bpf)"
elif [ -r /sys/kernel/btf/vmlinux ]; then said="using the kernel module backend (/dev/sctrace is present)"
else	# the automatic choice says why eBPF was no option
	said="using the kernel module backend (/dev/sctrace is present; the eBPF backend cannot run here: kernel $(uname -r) has no BTF"
fi
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

# -e trace= as strace: classes from the table, '!', none, /REGEX, the last -e wins
sctrace -o "$tmp/out" -e trace=%file,read -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e trace=%file,read: openat and read lines, no close or mmap" \
	sh -c "grep -q '^openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) *= 3$' '$tmp/out' &&
	       grep -q '^read(3, ' '$tmp/out' && grep -q '^execve(' '$tmp/out' &&
	       ! grep -q '^close(\|^mmap(\|^fstat(' '$tmp/out'"
sctrace -o "$tmp/out" -e '!close' -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e '!close': every call but close" \
	sh -c "grep -q '^execve(' '$tmp/out' && grep -q '^openat(' '$tmp/out' &&
	       grep -q '^read(' '$tmp/out' && ! grep -q '^close(' '$tmp/out'"
sctrace -o "$tmp/out" -e openat -e trace=/^clo -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e openat -e trace=/^clo: the last -e wins, the regex selects close" \
	sh -c "grep -q '^close(3) *= 0$' '$tmp/out' && ! grep -v '^close(\|^+++ exited' '$tmp/out' | grep -q ."
sctrace -o "$tmp/out" -e trace=none -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e trace=none: only the exit line" \
	sh -c "[ \"\$(cat '$tmp/out')\" = '+++ exited with 0 +++' ]"

# -e status= (-z, -Z): a call's line only if its result is in the set
sctrace -o "$tmp/out" -Z -- cat /etc/hostname "$tmp/no-such-file" >"$tmp/cmd" 2>"$tmp/err"
check "-Z: only failed calls" \
	sh -c "grep -q '^openat(AT_FDCWD, \"$tmp/no-such-file\", O_RDONLY) *= -1 ENOENT' '$tmp/out' &&
	       ! grep -v ' = -1 E\|^+++ exited with 1 +++$' '$tmp/out' | grep -q ."
sctrace -o "$tmp/out" -z -- cat /etc/hostname "$tmp/no-such-file" >"$tmp/cmd" 2>"$tmp/err"
check "-z: only successful calls (exit_group is unfinished: left out)" \
	sh -c "grep -q '^openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) *= 3$' '$tmp/out' &&
	       ! grep -q ' = -1 E\|^exit_group' '$tmp/out'"
sctrace -o "$tmp/out" -e status=unfinished -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-e status=unfinished: exit_group only" \
	sh -c "[ \"\$(grep -v '^+++' '$tmp/out')\" = 'exit_group(0)                           = ?' ]"

# -q: no backend line; -qq: no exit lines either; -qqq: no counters line either
sctrace -q -o "$tmp/out" -e trace=exit_group -- true >"$tmp/cmd" 2>"$tmp/err"
check "-q: no 'using the ... backend' line, the exit line and counters stay" \
	sh -c "! grep -q 'using the' '$tmp/err' && grep -q 'records, 0 dropped' '$tmp/err' &&
	       grep -qx '+++ exited with 0 +++' '$tmp/out'"
sctrace -qq -o "$tmp/out" -e trace=exit_group -- true >"$tmp/cmd" 2>"$tmp/err"
check "-qq: no '+++ exited' line either" \
	sh -c "[ \"\$(cat '$tmp/out')\" = 'exit_group(0)                           = ?' ] &&
	       grep -q 'records, 0 dropped' '$tmp/err'"
sctrace -qqq -o "$tmp/out" -e trace=exit_group -- true >"$tmp/cmd" 2>"$tmp/err"
check "-qqq: no counters line either: stderr empty" sh -c "[ ! -s '$tmp/err' ]"

# -y: fds with their paths, followed from the calls; -P: only the calls on a path
echo data >"$tmp/f"; real=$(cd "$tmp" && pwd -P)
sctrace -qq -y -o "$tmp/out" -e trace=openat,read,close -- head -n 1 "$tmp/f" >"$tmp/cmd" 2>"$tmp/err"
check "-y: openat returns 3<PATH>, read and close show it, -e still chooses the lines" \
	sh -c "grep -q '^openat(AT_FDCWD<[^>]*>, \"$tmp/f\", O_RDONLY) *= 3<$real/f>$' '$tmp/out' &&
	       grep -q '^read(3<$real/f>, \"data\\\\n\", ' '$tmp/out' && grep -q '^close(3<$real/f>) *= 0$' '$tmp/out' &&
	       ! grep -v '^openat\|^read\|^close' '$tmp/out' | grep -q ."
(cd "$tmp" && sctrace -qq -y -o "$tmp/out" -e trace=openat -- cat f >"$tmp/cmd" 2>"$tmp/err")
check "-y: a relative path is resolved against the directory the command started in" \
	grep -q "^openat(AT_FDCWD<$real>, \"f\", O_RDONLY) *= 3<$real/f>$" "$tmp/out"
sctrace -qq -P "$tmp/f" -o "$tmp/out" -- head -n 1 /etc/hostname "$tmp/f" >"$tmp/cmd" 2>"$tmp/err"
check "-P PATH: the openat of PATH and the calls on its fd, nothing else" \
	sh -c "grep -q '^openat(AT_FDCWD, \"$tmp/f\", O_RDONLY) *= 3$' '$tmp/out' &&
	       grep -q '^read(3, \"data' '$tmp/out' && grep -q '^close(3) *= 0$' '$tmp/out' &&
	       [ \"\$(grep -c '^read(' '$tmp/out')\" = 1 ] && ! grep -q 'hostname\|^execve\|^write' '$tmp/out'"

# -u USER: the command's uid, gid and groups are USER's, its calls traced
if id nobody >/dev/null 2>&1; then
	sctrace -o "$tmp/out" -u nobody -e trace=%creds -- id >"$tmp/cmd" 2>"$tmp/err"; rc=$?
	check "-u nobody: id says nobody's uid, gid and groups; its calls are traced" \
		sh -c "[ $rc = 0 ] && [ \"\$(cat '$tmp/cmd')\" = \"\$(id nobody)\" ] &&
		       grep -q '^getuid() *= '\$(id -u nobody)'$' '$tmp/out'"
else
	n=$((n + 1)); echo "ok $n # SKIP no user nobody here"
fi

sctrace -o "$tmp/out" -- sh -c 'sh -c "cat /etc/hostname"; true' >"$tmp/cmd" 2>"$tmp/err"
check "children and grandchildren are followed" \
	sh -c "grep -q '^\\[pid *[0-9]*\\] openat(AT_FDCWD, \"/etc/hostname\"' '$tmp/out' &&
	       grep -q '^\\[pid *[0-9]*\\] +++ exited with 0 +++$' '$tmp/out'"

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

# issue 14: process and stream hygiene
sctrace -o "$tmp/out" -- nosuch_command_14 >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "a command not in \$PATH: exit 127 before anything is traced" \
	sh -c "[ $rc = 127 ] && grep -q 'cannot run nosuch_command_14: No such file' '$tmp/err' &&
	       ! grep -q 'using the\|records' '$tmp/err' && [ ! -s '$tmp/out' ]"
sctrace -o "$tmp/out" -- true >"$tmp/cmd" 2>"$tmp/err"
check "the first record is the command's own execve, found in \$PATH before" \
	sh -c "head -n 1 '$tmp/out' | grep -q '^execve(\"/[a-z/]*/true\", \[\"true\"\], .*) *= 0$' &&
	       ! grep -q '^execve(.*= -1 ' '$tmp/out'"

# (SIGINT once the command runs, i.e. once the trace has started: a fixed
# delay was too short for a KASAN kernel's eBPF load, and a background
# sctrace ignores SIGINT until it has set its handlers)
sh -c 'sctrace -o "$1/out" -- sh -c "echo \$\$ >$1/child; exec sleep 43" 2>"$1/err" & t=$!
	i=0; while [ ! -s "$1/child" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5; kill -INT $t; wait $t; echo $? >"$1/rc"' sh "$tmp"
child=$(cat "$tmp/child" 2>/dev/null)
check "SIGINT: exit 130, the command ($child) killed by it, its end and the counters printed" \
	sh -c "[ \$(cat '$tmp/rc') = 130 ] && [ -n '$child' ] && ! kill -0 '$child' 2>/dev/null &&
	       grep -q '^execve(\"/[a-z/]*sleep\", \[\"sleep\", \"43\"\]' '$tmp/out' &&
	       tail -n 1 '$tmp/out' | grep -qx '+++ killed by SIGINT +++' &&
	       grep -q 'sctrace: [0-9]* records' '$tmp/err'"
# (a loop of 5 s or more, so that a command left running is still there)
sctrace -o /dev/stdout -- sh -c 'echo $$ >"$0/child"; i=0; while [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done' "$tmp" \
	2>"$tmp/err" | head -n 3 >"$tmp/out"
sleep 1
child=$(cat "$tmp/child" 2>/dev/null)
check "SIGPIPE on the trace: the command ($child) killed, the counters printed" \
	sh -c "[ -n '$child' ] && ! kill -0 '$child' 2>/dev/null && [ \$(wc -l <'$tmp/out') = 3 ] &&
	       grep -q '^execve(' '$tmp/out' && grep -q 'sctrace: [0-9]* records' '$tmp/err'"

# the trace on stderr, in whole lines among the command's own (on stderr too)
sctrace -e write,getppid -- sh -c 'i=0; while [ $i -lt 300 ]; do echo "line $i" >&2; i=$((i + 1)); done; echo out' \
	>"$tmp/cmd" 2>"$tmp/out"
check "the trace goes to stderr; every line whole among the command's" \
	sh -c "[ \"\$(cat '$tmp/cmd')\" = out ] && [ \$(grep -c '^line [0-9]*\$' '$tmp/out') = 300 ] &&
	       [ \$(grep -c '^write(1, \"line [0-9]*[^\"]*\", [0-9]*) *= [0-9]*\$' '$tmp/out') = 300 ] &&
	       ! grep -v '^line [0-9]*\$\|^write(1, \"[^\"]*\", [0-9]*) *= [0-9]*\$\|^getppid() *= [0-9]*\$\|^+++ exited with 0 +++\$\|^sctrace: ' '$tmp/out' | grep -q ."

rm -f "$tmp"/ff*
sctrace --raw -ff -o "$tmp/ff" -- sh -c 'cat /etc/hostname; true' >"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "-ff -o FILE (--raw): FILE.TID per thread, each with that thread's lines only" \
	sh -c "[ $rc = 0 ] && [ ! -e '$tmp/ff' ] && [ \$(ls '$tmp'/ff.* | wc -l) -ge 2 ] &&
	       for f in '$tmp'/ff.*; do tid=\${f##*.}; [ -s \$f ] &&
	           ! grep -v \"^[0-9.]* \$tid \" \$f | grep -q . || exit 1; done &&
	       cat '$tmp'/ff.* | grep -q 'openat(0xffffff9c, \"/etc/hostname\"'"
# strace's format: each file pairs its own thread's calls (the shell's
# wait4 whole while cat runs), no [pid N], its own +++ exited line last
rm -f "$tmp"/ff*
sctrace -ff -o "$tmp/ff" -- sh -c 'cat /etc/hostname; true' >"$tmp/cmd" 2>"$tmp/err"; rc=$?
sh_tid=$(grep -l '^execve(\"/[a-z/]*sh\"' "$tmp"/ff.* 2>/dev/null | sed 's/.*\.//')
cat_tid=$(grep -l '^execve(\"/[a-z/]*cat\"' "$tmp"/ff.* 2>/dev/null | sed 's/.*\.//')
check "-ff -o FILE: sh's ($sh_tid) and cat's ($cat_tid) calls whole in their own files" \
	sh -c "[ $rc = 0 ] && [ ! -e '$tmp/ff' ] && [ -n '$sh_tid' ] && [ -n '$cat_tid' ] &&
	       ! cat '$tmp'/ff.* | grep -q '^\[pid \|unfinished \.\.\.>\|resumed>' &&
	       grep -q '^wait4(-1, \[{WIFEXITED(s) && WEXITSTATUS(s) == 0}\], 0, NULL) *= $cat_tid\$' '$tmp/ff.$sh_tid' &&
	       grep -q '^openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) *= 3\$' '$tmp/ff.$cat_tid' &&
	       ! grep -q '^openat(.*/etc/hostname' '$tmp/ff.$sh_tid' &&
	       for f in '$tmp'/ff.*; do tail -n 1 \$f | grep -qx '+++ exited with 0 +++' || exit 1; done"

# drops (a 64 KiB ring against ls -R) leave a line where records were lost
for how in "-o $tmp/out" ""; do
	# shellcheck disable=SC2086
	sctrace --ring-size=64K $how -- sh -c 'ls -R /usr /etc >/dev/null' >"$tmp/cmd" 2>"$tmp/err"
	[ -n "$how" ] || cp "$tmp/err" "$tmp/out"
	dropped=$(sed -n 's/^sctrace: [0-9]* records, \([0-9]*\) dropped (ring full).*/\1/p' "$tmp/err")
	if grep -q "set its parameter" "$tmp/err"; then	# the module: its load sets the size
		n=$((n + 1)); echo "ok $n # SKIP the module's rings are sized when it loads (ring_size=)"; continue
	fi
	if [ "${dropped:-0}" = 0 ]; then
		n=$((n + 1)); echo "ok $n # SKIP no drops with 64 KiB rings here"; continue
	fi
	lost=$(sed -n 's/^+++ lost \([0-9]*\) records on CPU [0-9]* +++$/\1/p' "$tmp/out" |
	       awk '{ s += $1 } END { print s + 0 }')
	check "drops (${how:-stderr}): lines say where, $lost of $dropped records lost" \
		sh -c "[ $lost -gt 0 ] && [ $lost -le $dropped ]"
done

# a pipe gets each line while the command runs, not in batches at its
# end or seconds later (issue 14 saw 1.1-1.4 s): each of 4 calls waits up
# to 1 s for its own openat line to come out of the pipe. A wide bound:
# the reader polls every 50 ms, but in a TCG guest its ordering wait
# alone takes ~200 ms; the delay is reported, not asserted.
sctrace -e openat -- sh -c 'i=0; while [ $i -lt 4 ]; do date +%s%N >>"$0/calls"; cat /etc/hostname >/dev/null
	w=0; n=0; while [ $n -le $i ] && [ $w -lt 10 ]; do sleep 0.1; w=$((w + 1)); [ ! -e "$0/seen" ] || n=$(wc -l <"$0/seen"); done
	[ $n -gt $i ] || echo late >>"$0/late"; i=$((i + 1)); done' "$tmp" \
	2>&1 >/dev/null | while read -r line; do
		case $line in *'openat(AT_FDCWD, "/etc/hostname"'*) date +%s%N >>"$tmp/seen";; esac
	done
late=$(paste "$tmp/calls" "$tmp/seen" | awk '{ d = ($2 - $1) / 1e6; s += d } END { printf "%d", NR ? s / NR : -1 }')
check "on a pipe, each line arrives within 1 s of its call, while the command runs (${late} ms on average)" \
	sh -c "[ \$(wc -l <'$tmp/seen') = 4 ] && [ ! -e '$tmp/late' ]"

# -p: attach to a running process, then interrupt
sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.2; done' &
loop=$!
sctrace --raw -p "$loop" -o "$tmp/out" >"$tmp/cmd" 2>"$tmp/err" &
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

# -c: strace's table (its columns, dashes, total line), no lines; the
# same calls and errors per syscall as strace -c when strace is there
sctrace -c -o "$tmp/out" -- ls / >/dev/null 2>"$tmp/err"; rc=$?
check "-c: strace's header, dashes and total; no trace lines; totals add up" \
	sh -c "[ $rc = 0 ] && head -n 1 '$tmp/out' | grep -qx '% time     seconds  usecs/call     calls    errors syscall' &&
	       [ \$(grep -cx -- '------ ----------- ----------- --------- --------- ----------------' '$tmp/out') = 2 ] &&
	       grep -q '^100.00 *[0-9]*\.[0-9]\{6\} *[0-9]* *[0-9]* *[0-9]* total$' '$tmp/out' &&
	       grep -q '^ *[0-9.]* *[0-9.]* *[0-9]* *[0-9]* *[0-9]* openat$' '$tmp/out' &&
	       ! grep -q 'execve(' '$tmp/out' &&
	       awk '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ && \$NF != \"total\" { c += \$4 } \$NF == \"total\" { t = \$4 } END { exit !(c == t && t > 0) }' '$tmp/out'"
if command -v strace >/dev/null; then
	strace -c -o "$tmp/strace" ls / >/dev/null 2>&1
	cols() { awk '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ { print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | sort; }
	cols "$tmp/out" >"$tmp/a"; cols "$tmp/strace" >"$tmp/b"
	check "-c: the same calls and errors per syscall as strace -c (ls /)" cmp -s "$tmp/a" "$tmp/b"
else
	n=$((n + 1)); echo "ok $n # SKIP no strace here to compare -c with"
fi
sctrace -C -S calls --histogram -o "$tmp/out" -- cat /etc/hostname >"$tmp/cmd" 2>"$tmp/err"
check "-C: the lines, then the table sorted by calls, percentiles and histograms" \
	sh -c "grep -q '^openat(AT_FDCWD, \"/etc/hostname\"' '$tmp/out' &&
	       [ \$(grep -n '^% time' '$tmp/out' | cut -d: -f1) -gt \$(grep -n '^+++ exited with 0 +++' '$tmp/out' | cut -d: -f1) ] &&
	       grep -q '^syscall  *calls  *p50 usecs  *p90 usecs  *p99 usecs  *max usecs$' '$tmp/out' &&
	       grep -q '^ *usecs  *: count  *distribution$' '$tmp/out' &&
	       awk '/^------ /{d++; next} d == 1 { print \$4 }' '$tmp/out' | sort -c -n -r"
sctrace -w "$tmp/cap" -- sh -c 'cat /etc/hostname; ls /nonexistent_14' >"$tmp/cmd" 2>"$tmp/err"
sctrace -r "$tmp/cap" -c >"$tmp/out" 2>"$tmp/err"; rc=$?
calls=$(sctrace -r "$tmp/cap" --json 2>/dev/null | grep -c '"exit_ns"')
check "-r FILE -c: the table of the capture, every call with an exit ($calls), nothing left apart" \
	sh -c "[ $rc = 0 ] && grep -q '^100.00 *[0-9.]* *[0-9]* *$calls .*total$' '$tmp/out' &&
	       ! grep -q 'not in the table' '$tmp/err'"
# --summary-per-process: a table per process (sh, cat, ls: each named by
# what it executed), then all; the processes' totals add up to all's
sumcheck() { # sumcheck RC FILE: exit 0, headings of sh, cat, ls and all; totals add up
	[ "$1" = 0 ] &&
	[ "$(grep '^System call usage summary for ' "$2" | sed 's/[0-9][0-9]*/P/')" = "$(printf '%s\n' \
		'System call usage summary for process P (sh):' 'System call usage summary for process P (cat):' \
		'System call usage summary for process P (ls):' 'System call usage summary for all processes:')" ] &&
	awk '$NF == "total" { t[n++] = $4 } END { exit !(n == 4 && t[0] + t[1] + t[2] == t[3] && t[3] > 0) }' "$2"
}
sctrace -r "$tmp/cap" --summary-per-process >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-r FILE --summary-per-process: sh, cat and ls each their table, then all; totals add up" \
	sumcheck $rc "$tmp/out"
sctrace -f --summary-per-process -o "$tmp/out" -- sh -c 'cat /etc/hostname; ls /nonexistent_14' \
	>"$tmp/cmd" 2>"$tmp/err"; rc=$?
check "-f --summary-per-process (live): the same tables" sumcheck $([ $rc = 2 ] && echo 0) "$tmp/out"
# -yy: tests/golden's sockets program (TCP on 127.0.0.1): the listener's
# port from getsockname, the accepted socket's ends, the connecting one's
# peer (its own end '?': no record holds it)
socks=$(cd "$(dirname "$0")/../.." && pwd)/build/tests/golden/sockets
if [ -x "$socks" ]; then
	mkdir "$tmp/socks"
	sctrace -qq -yy -e trace=accept4,shutdown -o "$tmp/out" -- "$socks" "$tmp/socks" >"$tmp/cmd" 2>"$tmp/err"
	check "-yy: accept4's new fd and the client's with their TCP endpoints" \
		sh -c "grep -q '^accept4(3<TCP:\[127\.0\.0\.1:\([0-9]*\)\]>, {sa_family=AF_INET, sin_port=htons(\([0-9]*\)), .*) *= 5<TCP:\[127\.0\.0\.1:\\1->127\.0\.0\.1:\\2\]>\$' '$tmp/out' &&
		       grep -q '^shutdown(4<TCP:\[?->127\.0\.0\.1:[0-9]*\]>, SHUT_WR) *= 0\$' '$tmp/out'"
else
	n=$((n + 1)); echo "ok $n # SKIP -yy: $socks is not built (make golden-progs)"
fi
sctrace -r "$tmp/cap" --json >"$tmp/json" 2>"$tmp/err"
sctrace -r "$tmp/cap" --export=chrome:"$tmp/chrome.json" >/dev/null 2>"$tmp/err"
if command -v python3 >/dev/null; then
	check "--json: each line a JSON object; openat's path, ENOENT, comm, the exit events" \
		python3 -c "
import json, sys
objs = [json.loads(l) for l in open('$tmp/json')]
sc = [o for o in objs if o['type'] == 'syscall']
assert any(o['syscall'] == 'openat' and o['args']['filename'] == '/etc/hostname' and o['ret'] >= 0 and o['comm'] == 'cat' for o in sc)
assert any(o.get('errno') == 'ENOENT' and o['ret'] == -1 for o in sc)
assert all(o['exit_ns'] - o['enter_ns'] == o['duration_ns'] for o in sc if 'exit_ns' in o)
assert sum(o['type'] == 'exit' for o in objs) == 3 and sum(o['type'] == 'fork' for o in objs) == 2
"
	check "--export=chrome: one JSON document, an X slice per call of --json, on its thread" \
		python3 -c "
import json
ev = json.load(open('$tmp/chrome.json'))['traceEvents']
x = [e for e in ev if e['ph'] == 'X']
sc = [json.loads(l) for l in open('$tmp/json')]
sc = [o for o in sc if o['type'] == 'syscall']
assert len(x) == len(sc) > 0
assert all(e['tid'] == o['tid'] and e['name'] == o['syscall'] for e, o in zip(x, sc))
assert any(e['ph'] == 'M' and e['args']['name'] == 'cat' for e in ev)
"
else
	for i in 1 2; do n=$((n + 1)); echo "ok $n # SKIP no python3 here to parse the JSON"; done
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

# Lossless (issue 15): a million getppid under the text printer, whose
# formatting is slower than the calls; with the module the thread waits
# for sctrace and every record arrives (2 per call and the exit record).
if [ "$backend" = bpf ]; then
	n=$((n + 1)); echo "ok $n # SKIP the eBPF backend drops rather than wait (README)"
elif ! grep -q ' __ksymtab_task_work_add$' /proc/kallsyms; then
	n=$((n + 1)); echo "ok $n # SKIP kernel $(uname -r) does not export task_work_add(): the module drops rather than wait"
else
	sctrace -e trace=getppid -o "$tmp/out" -- sysbench micro --op getppid --count 1000000 \
		--reps 1 --out /dev/null >"$tmp/cmd" 2>"$tmp/err"
	calls=$(grep -c '^getppid() *= [0-9]*$' "$tmp/out")
	check "1e6 getppid under the text printer: all $calls calls, 2 x calls + 1 records, 0 dropped" \
		sh -c "[ $calls -ge 1000000 ] &&
		       grep -q 'sctrace: $((2 * calls + 1)) records, 0 dropped (ring full), 0 dropped (busy)' '$tmp/err'"
	grep 'waited' "$tmp/err" | sed 's/^/# /'
fi

[ "$failed" = 0 ]
