#!/usr/bin/env bash
# tools/bench/profile.sh: where the sctrace module's time goes, in a guest:
#   tools/vm-run --kernel 6.1 -- tools/bench/profile.sh [COUNT]
# 1. interrupts per traced syscall: /proc/interrupts deltas (IWI = irq_work,
#    RES = rescheduling IPIs, CAL = function-call IPIs) over a
#    "sctrace -o /dev/null -- sysbench" run, against an untraced run, and
#    ns/call (sysbench micro) for each;
# 2. the same with sct-wmreader (tools/bench/wmreader.c: the CLI's reader
#    with another poll watermark): 1 byte (the CLI's) and 1 MiB + 50 ms;
# 3. perf record -a of a getppid loop untraced, under sctrace (both
#    backends) and under sysdig's module (when there is one): the top symbols.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$top/build/bin
count=${1:-100000}
work=$(mktemp -d /tmp/sctprof.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
echo x >"$work/target"
bench=("$BIN/sysbench" --count "$count" --reps 1 --path "$work/target" --out "$work/micro.csv")

# "IWI RES CAL" summed over CPUs
irqs() { awk '$1 ~ /^(IWI|RES|CAL):$/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; v[$1] = s }
	END { print v["IWI:"] + 0, v["RES:"] + 0, v["CAL:"] + 0 }' /proc/interrupts; }

delta() { # delta LABEL CMD...: runs CMD, prints interrupts per syscall
	local a b label=$1 calls
	shift
	read -ra a <<<"$(irqs)"
	"$@" >/dev/null 2>"$work/err"
	read -ra b <<<"$(irqs)"
	# syscalls made by the bench: 1.1 x count per op (warm-up), openat_close twice
	calls=$(awk -v c="$count" 'BEGIN { print int(c * 1.1 + 1) * 5 }')
	awk -v l="$label" -v c="$calls" -v i=$((b[0] - a[0])) -v r=$((b[1] - a[1])) -v f=$((b[2] - a[2])) \
		'BEGIN { printf "%-10s %d syscalls: IWI %d (%.3f/syscall), RES %d (%.3f), CAL %d (%.3f)\n",
			l, c, i, i / c, r, r / c, f, f / c }'
	grep '^sctrace:' "$work/err" || true
	sed -n 's/^\([a-z_]*\),[0-9]*,[0-9]*,[0-9]*,\([0-9.]*\),.*/  \1 \2 ns/p' "$work/micro.csv" | paste -sd' '
}

echo "== interrupts per syscall ($(uname -r))"
delta untraced "${bench[@]}"
delta sctrace "$BIN/sctrace" -o /dev/null -- "${bench[@]}"
delta wm-1B "$BIN/sct-wmreader" 0 200 "${bench[@]}"
delta wm-1MiB "$BIN/sct-wmreader" 1048576 50 "${bench[@]}"

# profile ARGS...: perf record -a of ARGS; the workload's kernel symbols
# (% of the workload's samples), then the top symbols of every process
profile() {
	perf record -q -a -o "$work/perf.data" -- "$@" >/dev/null 2>"$work/perf.err" ||
		{ cat "$work/perf.err"; return 1; }
	echo "-- sysbench (the traced workload) only, % of its own samples:"
	perf report -i "$work/perf.data" --comms sysbench --percentage relative --no-children \
		--sort sym --stdio 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -n 25
	echo "-- every process:"
	perf report -i "$work/perf.data" --no-children --sort comm,sym --stdio 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -n 12
}
getppid=("$BIN/sysbench" --op getppid --count $((count * 5)) --reps 1 --out /dev/null)
echo "== perf record -a: untraced getppid loop"
profile "${getppid[@]}"
for be in kmod bpf; do
	echo "== perf record -a: sctrace --backend=$be -o /dev/null -- getppid loop"
	profile "$BIN/sctrace" --backend=$be -o /dev/null -- "${getppid[@]}"
done
if modprobe scap 2>/dev/null; then
	echo "== perf record -a: getppid loop under sysdig -w /dev/null (its module)"
	sysdig -w /dev/null proc.name=sysbench 2>/dev/null &
	sd=$!
	sleep 5	# sysdig has opened its devices
	profile "${getppid[@]}"
	kill -INT "$sd"
	wait "$sd"
fi
