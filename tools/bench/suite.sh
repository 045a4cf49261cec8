#!/usr/bin/env bash
# tools/bench/suite.sh: every benchmark of tools/bench-run on the machine it
# runs on (the host, or a guest booted by tools/vm-run), as CSV lines on
# stdout prefixed "BENCH " (tools/bench-run splits them into files):
#
# The micro bench pauses --pause-ms between timed runs and its default
# count (20000 calls, ~2.4 MB of sctrace records) fits in the default
# rings, so that the time is that of recording every call, not of dropping.
#
#   BENCH micro,where,kernel,tracer,op,calls_per_op,count,ns_min,ns_median,records,dropped,status
#   BENCH round,N,<the micro fields>   (each round's rows; micro: the best)
#   BENCH trial,where,kernel,tracer,target_rate,achieved_rate,records,dropped
#   BENCH rate,where,kernel,tracer,sustained_rate,rate_2x,achieved_2x,drop_fraction_2x,status
#   BENCH reader,where,kernel,tracer,output,records,dropped,cpu_ms,cpu_ms_per_million,status
#
# status is "ok" or "n/a: why" / "failed: why" (then the numbers are empty).
# Progress goes to stderr.
#
# Usage: tools/bench/suite.sh [--where host|guest] [--count N] [--reps R]
#          [--pause-ms MS] [--rounds N]
#          [--seconds S] [--rate-max N] [--tracers "T..."] [--rate-tracers "T..."]
#          [--no-throughput]
#          [--no-reader]
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$top/build/bin
where=host count=20000 reps=5 pause=300 rounds=2 seconds=2 rate_max=8000000 throughput=1 reader=1
rate_tracers="sctrace-kmod sctrace-bpf sctrace-kmod-all sctrace-bpf-all sysdig"
# shellcheck source=tools/bench/tracers.sh
. "$top/tools/bench/tracers.sh"
tracers=("${TRACERS_ALL[@]}")
while (($#)); do
	case $1 in
	--where) where=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--pause-ms) pause=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--rate-max) rate_max=$2; shift 2 ;;
	--tracers) read -ra tracers <<<"$2"; shift 2 ;;
	--rate-tracers) rate_tracers=$2; shift 2 ;;
	--no-throughput) throughput=0; shift ;;
	--no-reader) reader=0; shift ;;
	*) echo "suite.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
kernel=$(uname -r)
OPS=(getppid close_fail read_zero openat_close)
WORK=$(mktemp -d /tmp/sctbench.XXXXXX) || exit 1
trap 'rm -rf "$WORK"' EXIT
# the file openat opens: on /tmp, a tmpfs in a guest (the root is 9p there)
echo sctrace >"$WORK/target"
ulimit -l unlimited 2>/dev/null

say() { echo "bench[$kernel]: $*" >&2; }
emit() { local IFS=,; echo "BENCH $*"; }
fn() { echo "${1//-/_}"; }
# A one-line reason from a tracer's diagnostics, without commas.
why() { grep -v '^\s*$' "$1" 2>/dev/null | tail -n 1 | tr ',' ';' | cut -c1-120; }

# ------------------------------------------------------------ micro

# micro_one TRACER COUNT: the micro bench under TRACER, one row per op.
micro_one() {
	local t=$1 n=$2 st res rd rc=0 op line
	st=$("avail_$(fn "$t")")
	if [[ $st == ok ]]; then
		say "micro: $t"
		rm -f "$WORK/micro.csv"
		rd=$("trace_$(fn "$t")" "$WORK/err" "$BIN/sysbench" --count "$n" --reps "$reps" \
			--pause-ms "$pause" --path "$WORK/target" --out "$WORK/micro.csv") || rc=$?
		if ((rc)) || [[ ! -s $WORK/micro.csv ]]; then
			st="failed: exit $rc: $(why "$WORK/err")"
		fi
	fi
	for op in "${OPS[@]}"; do
		if [[ $st == ok ]]; then
			line=$(grep "^$op," "$WORK/micro.csv" | cut -d, -f2,3,5,6)
			# shellcheck disable=SC2086 # rd is "RECORDS DROPPED"
			res="$line,$(printf '%s,%s' $rd)"
			emit micro "$where" "$kernel" "$t" "$op" "$res" ok
		else
			emit micro "$where" "$kernel" "$t" "$op" ",,,,," "$st"
		fi
	done
}

# One round: every tracer once, then the untraced run again (drift check).
micro_round() {
	local t
	for t in "${tracers[@]}"; do
		# ptrace makes strace ~100x slower: a tenth of the count
		if [[ $t == strace ]]; then micro_one "$t" $(((count + 9) / 10))
		else micro_one "$t" "$count"; fi
	done
	micro_one none "$count" | sed 's/^BENCH micro,\([^,]*\),\([^,]*\),none,/BENCH micro,\1,\2,none-again,/'
}

# --rounds rounds; for each tracer and op the round with the lowest ns_min
# (a slow phase of a shared machine then hits one round, not the result),
# and every round's rows as "round" lines (the spread: report.sh).
micro_all() {
	local r
	: >"$WORK/micro.rows"
	for ((r = 1; r <= rounds; r++)); do
		say "micro round $r of $rounds"
		micro_round >"$WORK/micro.round"
		sed "s/^BENCH micro,/BENCH round,$r,/" "$WORK/micro.round"
		cat "$WORK/micro.round" >>"$WORK/micro.rows"
	done
	awk -F, '{ k = $4 SUBSEP $5; if (!(k in row)) order[++n] = k }
		!(k in row) || ($NF == "ok" && (best[k] == "" || $8 + 0 < best[k])) {
			row[k] = $0; if ($NF == "ok") best[k] = $8 + 0 }
		END { for (i = 1; i <= n; i++) print row[order[i]] }' "$WORK/micro.rows"
}

# ------------------------------------------------------------ throughput

# trial TRACER RATE: sets achieved records dropped for one paced run whose
# records all go to a file.
trial() {
	local t=$1 r=$2 rd
	rm -f "$WORK/rate.csv" "$WORK/trace.out"
	rd=$(TRACE_FILE=$WORK/trace.out "trace_$(fn "$t")" "$WORK/err" "$BIN/sysbench" rate \
		--rate "$r" --threads 2 --seconds "$seconds" --out "$WORK/rate.csv") || rd="n/a n/a"
	rm -f "$WORK/trace.out"
	achieved=$(tail -n 1 "$WORK/rate.csv" 2>/dev/null | cut -d, -f5)
	read -r records dropped <<<"$rd"
	emit trial "$where" "$kernel" "$t" "$r" "${achieved:-0}" "$records" "$dropped"
	say "rate $t: target $r/s, achieved ${achieved:-?}/s, $records records, $dropped dropped"
}

# ok_trial RATE: the last trial delivered everything at (95% of) RATE.
ok_trial() {
	[[ $dropped == 0 && -n $achieved ]] && ((${achieved%.*} * 100 >= $1 * 95))
}

# The highest paced rate with nothing dropped and no falling behind:
# double from 10k/s (up to --rate-max), then bisect three times; then the
# drop fraction at twice that rate.
rate_one() {
	local t=$1 st good=0 bad=0 r=10000 i mid frac
	local achieved records dropped
	st=$("avail_$(fn "$t")")
	if [[ $st != ok ]]; then emit rate "$where" "$kernel" "$t" ",,," "$st"; return; fi
	while ((r <= rate_max)); do
		trial "$t" "$r"
		if ok_trial "$r"; then good=$r r=$((r * 2)); else bad=$r; break; fi
	done
	for ((i = 0; i < 3 && bad && good; i++)); do
		mid=$(((good + bad) / 2))
		trial "$t" "$mid"
		if ok_trial "$mid"; then good=$mid; else bad=$mid; fi
	done
	if ((good == 0)); then
		emit rate "$where" "$kernel" "$t" ",,," "failed: drops or falls behind at 10000/s"
		return
	fi
	trial "$t" $((good * 2))
	frac=$(awk -v r="$records" -v d="$dropped" 'BEGIN { if (r + d > 0) printf "%.4f", d / (r + d) }')
	st=ok
	((bad)) || st="ok: no drops up to $good/s (--rate-max $rate_max)"
	emit rate "$where" "$kernel" "$t" "$good" $((good * 2)) "${achieved:-}" "$frac" "$st"
}

# ------------------------------------------------------------ reader cost

# CPU time of the sctrace process (not of the workload: it is attached
# with -p, so it is not sctrace's child) per million records (ms per
# million: ns per record), formatting strace's text (-o), JSON Lines
# (--json -o), counting the -c table (-c -o) and writing a capture file
# (-w); the CPU it used before the workload started is subtracted. The workload
# does no I/O to the host: in a TCG guest, while qemu serves 9p the guest's
# clock runs on and the task that happens to be running is charged for it.
reader_one() { # reader_one TRACER: text, json, summary (-c), then capture
	local t=$1 st kind
	st=$("avail_$(fn "$t")")
	if [[ $st != ok ]]; then
		for kind in text json summary capture; do
			emit reader "$where" "$kernel" "$t" "$kind" ",,," "$st"
		done
		return
	fi
	reader_run "$t" text -o "$WORK/trace.out"
	reader_run "$t" json --json -o "$WORK/trace.out"
	reader_run "$t" summary -c -o "$WORK/trace.out"
	reader_run "$t" capture -w "$WORK/trace.out"
}

reader_run() { # reader_run TRACER KIND OUTPUT-OPTION... FILE
	local t=$1 kind=$2 backend=${1#sctrace-} bpid spid opt=() rec drop cpu idle
	shift 2
	sctrace_has_backend_opt && opt=(--backend="$backend")
	rm -f "$WORK/pid"
	"$BIN/sysbench" --count "$count" --reps 2 --path "$WORK/target" --out /dev/null \
		--wait-start "$WORK/pid" &
	bpid=$!
	wait_for "[[ -s $WORK/pid ]]" 30
	SCTRACE_BACKEND=$backend "$BIN/sysbench" rusage -- "$BIN/sctrace" "${opt[@]}" \
		"$@" -p "$bpid" 2>"$WORK/err" &
	spid=$!
	# sctrace has started capture once it waits in poll() (or after 5 s)
	wait_for "grep -qs poll /proc/\$(pgrep -P $spid)/wchan" 5
	sleep 0.5
	# what it used before the workload starts (ms) is not the workload's
	idle=$(awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' \
		"/proc/$(pgrep -P "$spid")/stat")
	kill -USR1 "$bpid"
	wait "$bpid"
	wait "$spid"
	rm -f "$WORK/trace.out"
	read -r rec drop <<<"$(sctrace_counters "$WORK/err")"
	cpu=$(sed -n 's/^sysbench-rusage: user_ns=\([0-9]*\) sys_ns=\([0-9]*\).*/\1 \2/p' "$WORK/err" |
		awk -v idle="${idle:-0}" '{ printf "%.1f", ($1 + $2) / 1e6 - idle }')
	say "reader $t $kind: ${cpu:-?} ms CPU for ${rec:-?} records (${idle:-?} ms before the workload started)"
	if [[ -z $cpu || $rec == n/a || $rec == 0 ]]; then
		emit reader "$where" "$kernel" "$t" "$kind" ",,," "failed: $(why "$WORK/err")"
	else
		emit reader "$where" "$kernel" "$t" "$kind" "$rec" "$drop" "$cpu" \
			"$(awk -v c="$cpu" -v r="$rec" 'BEGIN { printf "%.1f", c / r * 1e6 }')" ok
	fi
}

# ------------------------------------------------------------ main

say "$where, $(nproc) CPUs, count $count, reps $reps, rounds $rounds"
micro_all
# only for the tracers asked for
wanted() { [[ " ${tracers[*]} " == *" $1 "* ]]; }
# per command (the module waits instead of dropping there: a rate it cannot
# reach is not met) and system-wide (--all -w drops, as sysdig does; what
# it drops of other tasks' records counts: on a busy machine it fails)
if ((throughput)); then
	for t in $rate_tracers; do
		wanted "$t" && rate_one "$t"
	done
fi
if ((reader)); then
	for t in sctrace-kmod sctrace-bpf; do wanted "$t" && reader_one "$t"; done
fi
say "done"
