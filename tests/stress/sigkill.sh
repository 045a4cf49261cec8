#!/bin/sh
# Readers killed with SIGKILL at random points: each reader (sctrace -p of
# a process making syscalls) is killed after a delay drawn from a seeded
# generator between 0 and SPAN ms, SPAN being the time one reader takes
# here to write its first line plus 400 ms (measured first: ~0.1-0.3 s for
# eBPF on a host, seconds in a TCG guest, where the verifier runs under
# emulation; SIGKILL_SPAN_MS=N gives it instead, to replay a run's exact
# delays): so during its open, mmap, program load, start or capture (with
# the module, while the traced process may be waiting for it: lossless -p).
# After each kill nothing may be left (tests/guest/left.sh): with the
# module, its refcount back to 0 (the device closed, every mapping gone);
# with eBPF, no program or map named sct* beyond those held before the
# first reader (bpftool), so no program stays attached. Then a new reader
# opens and traces, and the module unloads (a probe left registered would
# then run freed code) and loads again.
# TAP. Usage (in the guest, as root): tests/stress/sigkill.sh kmod|bpf [KILLS] [SEED] [KO]
b=${1:?kmod or bpf}
kills=${2:-10}
seed=${3:-17}
ko=${4:-${SCTRACE_KO:-}}
top=$(cd "${0%/*}/../.." && pwd)
modctl=$top/build/tests/stress/modctl
tmp=$(mktemp -d)
# shellcheck source=tests/guest/tap.sh
. "$top/tests/guest/tap.sh"
# shellcheck source=tests/guest/left.sh
. "$top/tests/guest/left.sh"

(while :; do read -r _ </proc/self/stat; done) &
load=$!
trap 'kill $load 2>/dev/null; rm -rf "$tmp"' EXIT

echo "1..4"
why=${SCTRACE_SUITE_NO_BPF:-}	# (tests/guest/suite.sh)
[ -r /sys/kernel/btf/vmlinux ] || why="kernel $(uname -r) has no BTF: the eBPF backend cannot run"
if [ "$b" = bpf ] && ! command -v bpftool >/dev/null; then
	why="bpftool is not installed (make deps): nothing to count programs and maps with"
fi
if [ "$b" = bpf ] && [ -n "$why" ]; then
	for t in "killed readers" "nothing left" "a reader after them" "no program or map left"; do
		check "bpf: $t # SKIP $why" true
	done
	exit 0
fi

sct_base "$b" "$tmp/base"
# clean SECONDS: until nothing is left beyond the base (frees are deferred)
clean() { sct_wait_clean "$b" "$tmp/base" "$1"; }
# leaked: what is left counts once: into the base
leaked() { cat "$tmp/left" >>"$tmp/base"; tr '\n' ' ' <"$tmp/left"; }

# first_line FILE PID SECONDS: until reader PID has written to FILE, has
# exited, or SECONDS have passed
first_line() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt $(($3 * 20)) ] && kill -0 "$2" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
}

# start: the ms one reader takes to write its first line (then stopped)
: >"$tmp/first"
sctrace --backend="$b" -p $load -o "$tmp/first" 2>>"$tmp/err" &
r=$!
t=$(date +%s%N)
first_line "$tmp/first" $r 60
start=$((($(date +%s%N) - t) / 1000000))
timing="a reader's first line after $start ms"
if [ ! -s "$tmp/first" ]; then
	timing="the timing reader wrote nothing in $start ms"
	kill -0 $r 2>/dev/null || timing="$timing (it exited)"
fi
kill -INT $r 2>/dev/null
wait $r
killed=0 leaks=0 first=""
if ! clean 10; then
	leaks=1 first="after a reader stopped by SIGINT: $(leaked)"
fi
span=${SIGKILL_SPAN_MS:-$((start + 400))}
delays=$(awk -v s="$seed" -v n="$kills" -v span="$span" \
	'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%d ", int(rand() * span) }')
t0=$(date +%s)
for d in $delays; do
	sctrace --backend="$b" -p $load -o /dev/null 2>>"$tmp/err" &
	r=$!
	sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
	kill -KILL $r
	wait $r 2>/dev/null
	st=$?
	[ $st = 137 ] && killed=$((killed + 1))
	if ! clean 10; then
		leaks=$((leaks + 1))
		l=$(leaked)
		first=${first:-"after a kill at $d ms: $l"}
	fi
done
echo "# $timing; $kills readers killed at 0-$span ms: $delays(seed $seed) in $(($(date +%s) - t0)) s${first:+; $first}"
check "$b: $kills readers killed by SIGKILL, none exited before ($killed)" [ "$killed" = "$kills" ]
check "$b: nothing left after each kill ($leaks leaks)" [ "$leaks" = 0 ]
sctrace --backend="$b" -p $load -o "$tmp/out" 2>"$tmp/err" &
r=$!
# stopped once it has written lines (eBPF's start, the verifier's and the
# seeding's time, took over 1 s in a make check guest: 0 records then)
first_line "$tmp/out" $r 30
kill -INT $r
wait $r
st=$?
# a clean stop: 128 + SIGINT, after the counters line
check "$b: a reader after them opens, traces and stops (exit status $st)" \
	sh -c "[ $st = 130 ] && grep -q ' records, ' '$tmp/err' && grep -q '^read(' '$tmp/out'"
if [ "$b" = kmod ]; then
	if [ -z "$ko" ]; then
		check "kmod: the module unloads and loads again # SKIP no KO given" true
	else
		e=$("$modctl" unload sctrace) && sleep 0.5 && e=$("$modctl" load "$ko") && e=ok
		check "kmod: the module unloads, syscalls go on, it loads again ($e)" [ "$e" = ok ]
	fi
else
	clean 10	# the last reader's programs and maps: freed after it, deferred
	cp "$tmp/left" "$tmp/err"
	check "bpf: no program or map named sct* left but those before (bpftool)" [ ! -s "$tmp/left" ]
fi
[ "$failed" = 0 ]
