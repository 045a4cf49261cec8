#!/usr/bin/env bash
# tools/bench/publish.sh [DIR]: puts the run in DIR (default build/bench)
# into BENCHMARKS.md (between the "bench:results" markers: the command, the
# machine, tables.md) and its chart and CSV files into tools/bench/results/.
# The prose around the markers (what the numbers mean) is written by hand.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
dir=${1:-build/bench}
res=tools/bench/results
for f in tables.md overhead.svg micro.csv overhead.csv rate.csv trial.csv reader.csv; do
	[[ -s $dir/$f ]] || { echo "publish.sh: no $dir/$f: run tools/bench-run first" >&2; exit 1; }
done
mkdir -p "$res"
cp "$dir"/{overhead.svg,micro.csv,overhead.csv,rate.csv,trial.csv,reader.csv,tables.txt} "$res/"

tcg=$(cat "$dir/tcg.txt" 2>/dev/null || echo multi)
case $tcg in
multi) tcg_says="a qemu thread per guest CPU" ;;
*) tcg_says="both guest CPUs on one qemu thread: readers' CPU time counts as the workload's" ;;
esac
block=$(mktemp)
trap 'rm -f "$block"' EXIT
{
	echo '<!-- bench:results:begin (tools/bench/publish.sh writes this part) -->'
	echo
	echo "Command: \`$(cat "$dir/command.txt" 2>/dev/null || echo tools/bench-run --peers)\`," \
		"finished $(date -u -r "$dir/micro.csv" '+%Y-%m-%d %H:%M UTC'), sctrace $(cat "$dir/commit.txt" 2>/dev/null || git log -1 --format=%h)."
	echo
	echo "Machine: $(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1)), host kernel" \
		"$(uname -r) (no module support, so no module tracers there). Guests: qemu" \
		"$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p') TCG (emulated," \
		"\`-accel tcg,thread=$tcg -cpu max -smp 2 -m 2G\`: $tcg_says), Debian kernels, booted once each by tools/vm-run."
	echo
	echo "![overhead per tracer and syscall](tools/bench/results/overhead.svg)"
	cat "$dir/tables.md"
	echo
	echo "CSV: [tools/bench/results/](tools/bench/results/) (micro, overhead, rate, trial, reader)."
	echo
	echo '<!-- bench:results:end -->'
} >"$block"
awk -v block="$block" '
	/<!-- bench:results:begin/ { while ((getline l < block) > 0) print l; skip = 1; next }
	/<!-- bench:results:end/ { skip = 0; next }
	!skip' BENCHMARKS.md >BENCHMARKS.md.tmp
mv BENCHMARKS.md.tmp BENCHMARKS.md
echo "publish.sh: BENCHMARKS.md and $res/ updated from $dir"
