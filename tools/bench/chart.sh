#!/usr/bin/env bash
# tools/bench/chart.sh DIR: DIR/overhead.svg from DIR/overhead.csv, one panel
# per kernel: overhead ns/call of each tracer for each op, log scale.
set -euo pipefail
dir=${1:?usage: chart.sh DIR}
command -v gnuplot >/dev/null || { echo "chart.sh: gnuplot is not installed" >&2; exit 1; }
tracers="sctrace-kmod sctrace-bpf strace perf-trace bpftrace sysdig lttng"

# One data block per machine: tracer, then the overhead of each op ("?" = n/a).
awk -F, -v tracers="$tracers" 'NR > 1 && $3 != "none" {
		m = $1 " " $2; if (!(m in seen)) { seen[m] = 1; ms[++nm] = m }
		if ($9 == "ok") v[m, $3, $4] = ($6 > 1 ? $6 : 1)
	}
	END {
		nt = split(tracers, T, " "); split("getppid close_fail read_zero openat_close", O, " ")
		for (i = 1; i <= nm; i++) {
			printf "# %s\n", ms[i]
			for (t = 1; t <= nt; t++) {
				printf "%s", T[t]
				for (j = 1; j <= 4; j++) printf " %s", ((ms[i], T[t], O[j]) in v) ? v[ms[i], T[t], O[j]] : "?"
				print ""
			}
			print "\n"
		}
	}' "$dir/overhead.csv" >"$dir/overhead.dat"
mapfile -t machines < <(sed -n 's/^# //p' "$dir/overhead.dat")
n=${#machines[@]}
((n)) || { echo "chart.sh: no data in $dir/overhead.csv" >&2; exit 1; }

{
	echo "set terminal svg size 900,$((300 * n)) dynamic font 'sans,11'"
	echo "set output '$dir/overhead.svg'"
	echo "set datafile missing '?'"
	echo "set style data histograms; set style histogram clustered gap 1"
	echo "set style fill solid 0.8 border -1; set boxwidth 0.9"
	echo "set logscale y; set yrange [1:*]; set grid ytics"
	echo "set ylabel 'overhead ns/call (log)'; set key top left horizontal"
	echo "set multiplot layout $n,1"
	for i in "${!machines[@]}"; do
		m=${machines[$i]}
		note=""
		[[ $m == guest* ]] && note=" (TCG guest: compare ratios)"
		echo "set title 'tracing overhead per syscall, $m$note'"
		echo "plot '$dir/overhead.dat' index $i using 2:xtic(1) title 'getppid', '' index $i using 3 title 'close(-1)', '' index $i using 4 title 'read 1 B', '' index $i using 5 title 'openat+close'"
	done
	echo "unset multiplot"
} | gnuplot
