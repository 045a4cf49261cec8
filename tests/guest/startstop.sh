#!/bin/sh
# Starting and stopping capture while the other CPU makes syscalls: each
# start registers the sys_enter/sys_exit probes (the kernel patches its
# tracepoint jumps) and each stop unregisters them, so this is the path
# where a probe could run against a half-torn-down session, and where an
# emulator that mishandles cross-CPU code patching shows it (qemu 7.2 with a
# thread per guest CPU oopses or hangs here: see tools/vm-run --tcg).
# Any oops fails the whole guest run (tools/vm-run exits 125).
# TAP output. Usage (in the guest): tests/guest/startstop.sh [CYCLES]
cycles=${1:-40}
tmp=$(mktemp -d)
# shellcheck source=tests/guest/tap.sh
. "${0%/*}/tap.sh"

# The load: a shell making syscalls on whichever CPU sctrace is not on.
(while :; do cat /proc/self/stat >/dev/null; done) &
load=$!
trap 'kill $load 2>/dev/null; rm -rf "$tmp"' EXIT

echo "1..4"
for b in kmod bpf; do
	why=${SCTRACE_SUITE_NO_BPF:-}	# (tests/guest/suite.sh)
	[ -r /sys/kernel/btf/vmlinux ] || why="kernel $(uname -r) has no BTF: the eBPF backend cannot run"
	if [ $b = bpf ] && [ -n "$why" ]; then
		echo "ok 3 - bpf: start/stop cycles # SKIP $why"
		echo "ok 4 - bpf: a session after them # SKIP $why"
		continue
	fi
	bad=0 i=0
	: >"$tmp/err"
	while [ "$i" -lt "$cycles" ]; do
		if ! sctrace --backend=$b -e getppid -o "$tmp/out" -- \
			sh -c 'exec true' 2>>"$tmp/err"; then
			bad=$((bad + 1))
		fi
		i=$((i + 1))
	done
	check "$b: $cycles start/stop cycles under load, every one exits 0" \
		[ "$bad" = 0 ]
	sctrace --backend=$b -o "$tmp/out" -- sh -c 'exec true' 2>"$tmp/err"
	check "$b: after them a session still traces (execve and exit seen)" \
		sh -c "grep -q '^execve(' '$tmp/out' && grep -qx '+++ exited with 0 +++' '$tmp/out'"
done
[ "$failed" = 0 ]
