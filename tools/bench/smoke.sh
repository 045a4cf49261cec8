#!/usr/bin/env bash
# shellcheck disable=SC2016 # ok() evaluates its conditions (single-quoted) itself
# tools/bench/smoke.sh: a tiny tools/bench-run, so that the bench cannot rot;
# checks that its machine-readable output is well-formed and complete.
# TAP on stdout (the run's own output goes to build/bench-smoke/run.log).
#   tools/bench/smoke.sh                host only, every tracer installed,
#                                       and tools/bench/bpfstats.sh
#   tools/bench/smoke.sh --guest 6.12   one guest boot (none, the floor, both sctrace
#                                       backends per command and system-wide,
#                                       strace; throughput capped at 20k/s)
# Complete means: every tracer asked for has a row for every op, every
# throughput and reader row is there, and each row is either "ok" with
# numbers or "n/a: why"; "failed" rows fail the test.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/bench-smoke
kernel=host
tracers="none floor sctrace-kmod sctrace-bpf sctrace-kmod-all sctrace-bpf-all strace perf-trace bpftrace sysdig lttng"
if [[ ${1:-} == --guest ]]; then
	kernel=${2:?--guest needs 6.1 or 6.12}
	tracers="none floor sctrace-kmod sctrace-bpf sctrace-kmod-all sctrace-bpf-all strace"
fi
n=0 failed=0
ok() { # ok COND DESCRIPTION [DIAGNOSTIC-FILE]
	n=$((n + 1))
	if eval "$1"; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[[ -n ${3:-} && -f ${3:-} ]] && tail -n 15 "$3" | sed 's/^/# /'
	fi
}

# lines of FILE (header skipped) whose field 3 is tracer $2 and, if given,
# field 4 is $3
rows() { awk -F, -v t="$2" -v x="${3:-}" 'NR > 1 && $3 == t && (x == "" || $4 == x)' "$1"; }

# every row of FILE has NF fields and a status (last field) that is ok with
# numbers (or n/a, or empty) in fields FIRST_NUM..NF-1, or "n/a: why"
well_formed() { # well_formed FILE NF FIRST_NUM
	awk -F, -v nf="$2" -v first="$3" '
		NR == 1 { next }
		NF != nf { print "bad field count: " $0; bad = 1; next }
		$NF ~ /^ok/ { for (i = first; i < NF; i++) if ($i !~ /^(-?[0-9.]+|n\/a|)$/) { print "not a number: " $0; bad = 1 } next }
		$NF ~ /^n\/a: / { next }
		{ print "failed row: " $0; bad = 1 }
		END { exit bad }' "$1" >>"$out/check.log"
}

if [[ $kernel == host ]]; then echo "1..10"; else echo "1..9"; fi
rm -rf "$out"
mkdir -p "$out"
: >"$out/check.log"
SECONDS=0
tools/bench-run --kernels "$kernel" --out "$out" --count 1000 --reps 2 --rounds 2 --seconds 1 \
	--rate-max 20000 --tracers "$tracers" --tcg single \
	--rate-tracers "sctrace-kmod sctrace-bpf sysdig" >"$out/run.log" 2>&1
ok '(($? == 0))' "tools/bench-run --kernels $kernel exits 0" "$out/run.log"

for kind in micro round trial rate reader overhead spread; do
	[[ -s $out/$kind.csv ]] || echo "missing $out/$kind.csv" >>"$out/check.log"
done
ok '[[ ! -s $out/check.log ]]' "every CSV file is written" "$out/check.log"
ok 'well_formed "$out/micro.csv" 11 5' "micro.csv rows: 11 fields, ok with numbers or n/a" "$out/check.log"

missing=""
for t in none none-again $tracers; do
	for op in getppid close_fail read_zero openat_close; do
		[[ $(rows "$out/micro.csv" "$t" "$op" | wc -l) == 1 ]] || missing+=" $t/$op"
	done
done
ok '[[ -z $missing ]]' "micro.csv: one row per tracer and op${missing:+ (missing:$missing)}"
ok 'rows "$out/micro.csv" none getppid | grep -q ",ok$"' "the untraced run is measured"

missing=""
for t in sctrace-kmod sctrace-bpf sysdig; do
	[[ " $tracers " == *" $t "* ]] || continue
	[[ $(rows "$out/rate.csv" "$t" | wc -l) == 1 ]] || missing+=" rate/$t"
done
for t in sctrace-kmod sctrace-bpf; do
	[[ " $tracers " == *" $t "* ]] || continue
	for kind in text json summary capture; do
		[[ $(rows "$out/reader.csv" "$t" "$kind" | wc -l) == 1 ]] || missing+=" reader/$t/$kind"
	done
done
ok '[[ -z $missing ]] && well_formed "$out/rate.csv" 8 4 && well_formed "$out/reader.csv" 9 5' \
	"rate.csv and reader.csv complete and well-formed${missing:+ (missing:$missing)}" "$out/check.log"
ok 'well_formed "$out/overhead.csv" 9 5' "overhead.csv well-formed" "$out/check.log"
# the spread: every round of every tracer, and min <= median <= max
ok 'well_formed "$out/round.csv" 12 6 &&
	[[ $(awk -F, "NR > 1 && \$4 == \"none\" && \$5 == \"getppid\"" "$out/round.csv" | wc -l) == 2 ]] &&
	awk -F, "NR > 1 && !(\$6 <= \$7 && \$7 <= \$8) { bad = 1 } END { exit bad }" "$out/spread.csv"' \
	"round.csv: both rounds; spread.csv: min <= median <= max" "$out/check.log"
ok 'grep -q "^getppid on " "$out/tables.txt"' "tables.txt written (run took ${SECONDS}s)"

# the eBPF profile: per-program statistics of both syscall programs
if [[ $kernel == host ]]; then
	tools/bench/bpfstats.sh 2000 >"$out/bpfstats.txt" 2>&1
	ok '(($? == 0)) && grep -Eq "^program sct_sys_enter runs [1-9][0-9]* ns_per_run [0-9.]+$" "$out/bpfstats.txt" &&
		grep -Eq "^program sct_sys_exit runs [1-9][0-9]* ns_per_run [0-9.]+$" "$out/bpfstats.txt" &&
		grep -Eq "^per_syscall overhead -?[0-9.]+ in_programs [0-9.]+ " "$out/bpfstats.txt"' \
		"tools/bench/bpfstats.sh: run time of each sctrace program" "$out/bpfstats.txt"
fi
echo "# $n tests, $failed failed"
((failed == 0))
