#!/usr/bin/env bash
# tools/bench/bpfstats.sh [COUNT]: where the eBPF backend's time goes, from
# the kernel's own BPF statistics (sysctl kernel.bpf_stats_enabled=1: each
# program run is timed with sched_clock(), run_time_ns/run_cnt per program).
# On the host, or in a guest: tools/vm-run --kernel 6.1 -- tools/bench/bpfstats.sh
#
# 1. getppid loop (tools/bench/sysbench, min of 5) untraced, then under
#    "sctrace --backend=bpf -o /dev/null" with statistics off: the overhead;
# 2. the same under statistics on, with bpftool snapshots of the sctrace
#    programs' counters just before and after the loop (inside the traced
#    command, so the programs are loaded): time per run of each program.
# What the programs' own time does not explain is the kernel's path from
# the tracepoint into them (bpf_trace_run2(): recursion counter, RCU,
# indirect call; twice per syscall) and the return. The statistics' clock
# reads are outside run_time_ns but inside the loop, so step 2's ns/call is
# higher than step 1's: the overhead is taken from step 1.
# Output: one "key value..." line per figure, for people and for smoke.sh.
# SCT_BIN=DIR compares another build (an experiment) in the same boot.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${SCT_BIN:-$top/build/bin}	# SCT_BIN=DIR: another build's sctrace, sysbench
count=${1:-20000}
stats=/proc/sys/kernel/bpf_stats_enabled
die() { echo "bpfstats: $*" >&2; exit 1; }
[[ -w $stats ]] || die "$stats not writable (needs root and CONFIG_BPF_SYSCALL)"
command -v bpftool >/dev/null || die "bpftool not installed (tools/install-deps)"
work=$(mktemp -d "${TMPDIR:-/tmp}/sctbpfstats.XXXXXX") || exit 1
old_stats=$(cat "$stats")
trap 'echo "$old_stats" >"$stats"; rm -rf "$work"' EXIT

loop=("$BIN/sysbench" --op getppid --count "$count" --reps 5 --pause-ms 300)
ns_min() { awk -F, '$1 == "getppid" { print $5 }' "$1"; }

echo 0 >"$stats"
"${loop[@]}" --out "$work/untraced.csv" || die "untraced sysbench failed"
SCTRACE_BACKEND=bpf "$BIN/sctrace" --backend=bpf -o /dev/null -- \
	"${loop[@]}" --out "$work/traced.csv" 2>"$work/traced.err" ||
	die "sctrace --backend=bpf failed: $(tail -n 3 "$work/traced.err")"

# "ID NAME RUN_TIME_NS RUN_CNT" of the programs named sct_* that process
# PID holds (/proc/PID/fdinfo: prog_id), so that another sctrace on the
# machine, or one still being torn down, is not counted as ours (the
# traced bash's parent: sctrace forks and execs the command itself)
snap() {
	grep -h '^prog_id:' /proc/"$1"/fdinfo/* 2>/dev/null | awk '{ print "own", $2 }' >"$2.own"
	bpftool prog show | awk '$1 == "own" { own[$2 ":"] = 1; next }
	/^[0-9]+:/ && ($1 in own) {
	name = ""; t = 0; c = 0
	for (i = 2; i < NF; i++) {
		if ($i == "name") name = $(i + 1)
		if ($i == "run_time_ns") t = $(i + 1)
		if ($i == "run_cnt") c = $(i + 1)
	}
	if (name ~ /^sct_/) print $1, name, t, c }' "$2.own" - >"$2"
}
export -f snap
echo 1 >"$stats"
# shellcheck disable=SC2016 # expanded by the traced bash, with its own arguments
SCTRACE_BACKEND=bpf "$BIN/sctrace" --backend=bpf -o /dev/null -- bash -c \
	'snap $PPID "$1/before" && "${@:2}" && snap $PPID "$1/after"' bpfstats "$work" \
	"${loop[@]}" --out "$work/stats.csv" 2>"$work/stats.err" ||
	die "sctrace --backend=bpf with statistics failed: $(tail -n 3 "$work/stats.err")"
[[ -s $work/before && -s $work/after ]] || die "bpftool listed no sct_* program of the tracing sctrace"

u=$(ns_min "$work/untraced.csv") t=$(ns_min "$work/traced.csv") s=$(ns_min "$work/stats.csv")
[[ -n $u && -n $t && -n $s ]] || die "sysbench wrote no getppid row"
echo "kernel $(uname -r)"
echo "getppid_ns untraced $u traced $t traced_with_stats $s overhead $(awk -v u="$u" -v t="$t" 'BEGIN { printf "%.1f", t - u }')"
# per program: runs and ns per run over the loop (before/after by id)
awk -v u="$u" -v t="$t" '
	FNR == NR { t0[$1] = $3; c0[$1] = $4; next }
	($1 in c0) {
	  runs = $4 - c0[$1]; ns = $3 - t0[$1]
	  if (runs <= 0) next
	  printf "program %s runs %d ns_per_run %.1f\n", $2, runs, ns / runs
	  if ($2 == "sct_sys_enter" || $2 == "sct_sys_exit") { body += ns / runs; n++ } }
	END {
	  if (n != 2) { print "bpfstats: sct_sys_enter/sct_sys_exit of the tracing sctrace did not each run" > "/dev/stderr"; exit 1 }
	  o = t - u
	  share = o > 0 ? body / o : 0
	  printf "per_syscall overhead %.1f in_programs %.1f outside %.1f in_programs_share %.2f\n",
		o, body, o - body, share }' "$work/before" "$work/after"
