#!/bin/sh
# Starting and stopping capture while the other CPU makes syscalls: each
# start registers the sys_enter/sys_exit probes (the kernel patches its
# tracepoint jumps) and each stop unregisters them, so this is the path
# where a probe could run against a half-torn-down session, and where an
# emulator that mishandles cross-CPU code patching shows it (qemu 7.2 with a
# thread per guest CPU oopses or hangs here: see tools/vm-run --tcg).
# Any oops fails the whole guest run (tools/vm-run exits 125).
# TAP output. Usage (in the guest, or on a host for bpf):
#   tests/guest/startstop.sh [CYCLES] [BACKENDS]   (default 40, "kmod bpf")
cycles=${1:-40}
backends=${2:-kmod bpf}
tmp=$(mktemp -d)
# shellcheck source=tests/guest/tap.sh
. "${0%/*}/tap.sh"
# shellcheck source=tests/guest/left.sh
. "${0%/*}/left.sh"

# The load: a shell making syscalls on whichever CPU sctrace is not on.
(while :; do cat /proc/self/stat >/dev/null; done) &
load=$!
trap 'kill $load 2>/dev/null; rm -rf "$tmp"' EXIT

set -- $backends
echo "1..$(($# * 3))"
for b in $backends; do
	why=${SCTRACE_SUITE_NO_BPF:-}	# (tests/guest/suite.sh)
	[ -r /sys/kernel/btf/vmlinux ] || why="kernel $(uname -r) has no BTF: the eBPF backend cannot run"
	if [ $b = bpf ] && [ -n "$why" ]; then
		check "bpf: start/stop cycles # SKIP $why" true
		check "bpf: a session after them # SKIP $why" true
		check "bpf: nothing left # SKIP $why" true
		continue
	fi
	nothing_left=""
	if [ $b = bpf ] && ! command -v bpftool >/dev/null; then
		nothing_left="bpftool is not installed (make deps): nothing to list programs and maps with"
	fi
	sct_base $b "$tmp/base" 2>/dev/null || : >"$tmp/base"
	bad=0 i=0 t0=$(date +%s)
	: >"$tmp/err"
	while [ "$i" -lt "$cycles" ]; do
		if ! sctrace --backend=$b -e getppid -o "$tmp/out" -- \
			sh -c 'exec true' 2>>"$tmp/err"; then
			bad=$((bad + 1))
		fi
		i=$((i + 1))
	done
	echo "# $b: $cycles cycles in $(($(date +%s) - t0)) s"
	check "$b: $cycles start/stop cycles under load, every one exits 0" \
		[ "$bad" = 0 ]
	sctrace --backend=$b -o "$tmp/out" -- sh -c 'exec true' 2>"$tmp/err"
	check "$b: after them a session still traces (execve and exit seen)" \
		sh -c "grep -q '^execve(' '$tmp/out' && grep -qx '+++ exited with 0 +++' '$tmp/out'"
	if [ -n "$nothing_left" ]; then
		check "$b: nothing left # SKIP $nothing_left" true
	else
		sct_wait_clean $b "$tmp/base" 10
		cp "$tmp/left" "$tmp/err"
		check "$b: nothing left (module refcount 0; no program or map named sct* but other sessions')" \
			[ ! -s "$tmp/left" ]
	fi
done
[ "$failed" = 0 ]
