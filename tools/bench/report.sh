#!/usr/bin/env bash
# tools/bench/report.sh: the tables of tools/bench-run from its CSV files.
#   report.sh --header KIND   the CSV header of micro|trial|rate|reader
#   report.sh --dir DIR       reads DIR/{micro,rate,reader}.csv, writes
#                             DIR/overhead.csv, DIR/tables.txt (and prints
#                             it) and DIR/tables.md
# Overhead = ns/call under a tracer - ns/call untraced (the faster of the
# two untraced runs of the same boot); "x kmod" = that overhead divided by
# sctrace-kmod's on the same kernel and op.
set -euo pipefail

header() {
	case $1 in
	micro) echo "where,kernel,tracer,op,calls_per_op,count,ns_min,ns_median,records,dropped,status" ;;
	round) echo "round,where,kernel,tracer,op,calls_per_op,count,ns_min,ns_median,records,dropped,status" ;;
	trial) echo "where,kernel,tracer,target_rate,achieved_rate,records,dropped" ;;
	rate) echo "where,kernel,tracer,sustained_rate,rate_2x,achieved_2x,drop_fraction_2x,status" ;;
	reader) echo "where,kernel,tracer,output,records,dropped,cpu_ms,cpu_ms_per_million,status" ;;
	*) echo "report.sh: unknown kind $1" >&2; return 2 ;;
	esac
}

# micro.csv -> overhead.csv
overhead() {
	awk -F, -v OFS=, 'NR == 1 { next }
		{ key = $1 SUBSEP $2 SUBSEP $4 }
		$3 ~ /^none/ && $11 == "ok" { if (!(key in base) || $7 < base[key]) base[key] = $7; next }
		{ n++; row[n] = $0 }
		END {
			print "where,kernel,tracer,op,ns_per_call,overhead_ns,x_sctrace_kmod,dropped,status"
			for (i = 1; i <= n; i++) {
				split(row[i], f, ",")
				k = f[1] SUBSEP f[2] SUBSEP f[4]
				if (f[11] == "ok" && (k in base)) kmod[k, f[3]] = f[7] - base[k]
			}
			for (k in base) {
				split(k, p, SUBSEP)
				printf "%s,%s,none,%s,%.1f,0.0,,0,ok\n", p[1], p[2], p[3], base[k]
			}
			for (i = 1; i <= n; i++) {
				split(row[i], f, ",")
				k = f[1] SUBSEP f[2] SUBSEP f[4]
				if (f[11] != "ok" || !(k in base)) {
					print f[1], f[2], f[3], f[4], "", "", "", "", f[11]; continue
				}
				ov = f[7] - base[k]
				x = ""
				if ((k, "sctrace-kmod") in kmod && kmod[k, "sctrace-kmod"] > 0)
					x = sprintf("%.2f", ov / kmod[k, "sctrace-kmod"])
				print f[1], f[2], f[3], f[4], f[7], sprintf("%.1f", ov), x, f[10], "ok"
			}
		}' "$1"
}

TRACER_ORDER="none floor sctrace-kmod sctrace-bpf sctrace-kmod-all sctrace-bpf-all strace perf-trace bpftrace sysdig lttng"
OP_ORDER="getppid close_fail read_zero openat_close"

# awk: every overhead.csv row by machine, tracer, op; machines[] in order;
# T[1..nt] tracers and O[1..no] ops in table order.
# shellcheck disable=SC2016 # an awk program
COLLECT='NR == 2 { nt = split(tracers, T, " "); no = split(ops, O, " ") }
	NR > 1 {
		m = $1 " " $2; if (!(m in seen)) { seen[m] = 1; machines[++nm] = m }
		v[m, $3, $4] = $0
	}'

# overhead.csv -> text tables, one per kernel and op
text_tables() {
	awk -F, -v tracers="$TRACER_ORDER" -v ops="$OP_ORDER" "$COLLECT"'
		END {
			for (i = 1; i <= nm; i++) for (j = 1; j <= no; j++) {
				split(v[machines[i], "none", O[j]], b, ",")
				printf "\n%s on %s: untraced %s ns/call%s%s\n", O[j], machines[i], b[5],
					O[j] == "openat_close" ? " (openat+close: ns per pair)" : "",
					machines[i] ~ /^guest/ ? " [TCG guest: compare ratios, not ns]" : ""
				printf "  %-13s %10s %12s %8s %10s\n", "tracer", "ns/call", "overhead ns", "x kmod", "dropped"
				for (t = 2; t <= nt; t++) {
					if (!((machines[i], T[t], O[j]) in v)) continue
					split(v[machines[i], T[t], O[j]], f, ",")
					if (f[9] != "ok") { printf "  %-13s %s\n", T[t], f[9]; continue }
					printf "  %-13s %10.1f %12.1f %8s %10s\n", T[t], f[5], f[6],
						f[7] == "" ? "-" : f[7], f[8]
				}
			}
		}' "$1"
}

# overhead.csv -> markdown: per kernel, tracers x ops, "overhead ns (x kmod)"
md_tables() {
	awk -F, -v tracers="$TRACER_ORDER" -v ops="$OP_ORDER" "$COLLECT"'
		END {
			for (i = 1; i <= nm; i++) {
				printf "\n**%s** — overhead ns/call over untraced (× the sctrace-kmod overhead), records dropped\n\n", machines[i]
				printf "| tracer |"; for (j = 1; j <= no; j++) printf " %s |", O[j]; print " dropped |"
				printf "|---|"; for (j = 1; j <= no; j++) printf "---:|"; print "---:|"
				printf "| untraced (ns/call) |"
				for (j = 1; j <= no; j++) { split(v[machines[i], "none", O[j]], b, ","); printf " %s |", b[5] }
				print " |"
				for (t = 2; t <= nt; t++) {
					line = ""; na = ""; d = ""
					for (j = 1; j <= no; j++) {
						split(v[machines[i], T[t], O[j]], f, ",")
						if (f[9] != "ok") { na = f[9]; break }
						line = line sprintf(" %s%s |", f[6], f[7] == "" ? "" : " (" f[7] "×)")
						d = f[8]
					}
					if (na != "") printf "| %s | %s |%s\n", T[t], na, substr("||||", 1, no)
					else printf "| %s |%s %s |\n", T[t], line, d
				}
			}
		}' "$1"
}

# round.csv -> spread.csv: per machine, tracer and op, over the rounds, the
# overhead (ns/call over the same round's faster untraced run) and its
# ratio to the floor's and to the module's of the same round and mode
# (sctrace-kmod-all for system-wide tracers: sctrace-*-all, sysdig,
# lttng), each as min, median and max; dropped is the largest of a round.
spread() {
	awk -F, -v OFS=, '
		function med(s,    a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			lo = a[1]; hi = a[n]
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		function mmm(s,    m) {
			if (s == "") return ",,"
			m = med(s)
			return sprintf("%.2f,%.2f,%.2f", lo, m, hi)
		}
		NR == 1 || $12 != "ok" { next }
		{ m = $2 SUBSEP $3; r = $1; key = m SUBSEP r SUBSEP $5 }
		$4 ~ /^none/ { if (!(key in base) || $8 < base[key]) base[key] = $8; next }
		{ ns[key, $4] = $8; drop[m, $4, $5] = drop[m, $4, $5] > $11 + 0 ? drop[m, $4, $5] : $11 + 0
		  if (!((m, $4, $5) in seen)) { seen[m, $4, $5] = 1; rows[++n] = m SUBSEP $4 SUBSEP $5 }
		  rounds[m, $4, $5] = rounds[m, $4, $5] " " r }
		END {
			print "where,kernel,tracer,op,rounds,ov_min,ov_median,ov_max,x_floor_min,x_floor_median,x_floor_max,x_kmod_min,x_kmod_median,x_kmod_max,dropped_max"
			for (i = 1; i <= n; i++) {
				split(rows[i], p, SUBSEP); m = p[1] SUBSEP p[2]; t = p[3]; o = p[4]
				ref = (t ~ /-all$/ || t == "sysdig" || t == "lttng") ? "sctrace-kmod-all" : "sctrace-kmod"
				ov = xf = xk = ""; k = split(substr(rounds[m, t, o], 2), R, " ")
				for (j = 1; j <= k; j++) {
					key = m SUBSEP R[j] SUBSEP o
					if (!(key in base)) continue
					d = ns[key, t] - base[key]; ov = ov " " d
					if ((key, "floor") in ns && ns[key, "floor"] - base[key] > 0)
						xf = xf " " d / (ns[key, "floor"] - base[key])
					if (t != ref && (key, ref) in ns && ns[key, ref] - base[key] > 0)
						xk = xk " " d / (ns[key, ref] - base[key])
				}
				if (ov == "") continue
				print p[1], p[2], t, o, k, mmm(ov), mmm(xf), mmm(xk), drop[m, t, o]
			}
		}' "$1"
}

# spread.csv -> one table per machine and op: median (min-max) of rounds
spread_tables() {
	awk -F, -v tracers="$TRACER_ORDER" -v ops="$OP_ORDER" '
		function r3(a, b, c) { return a == "" ? "-" : sprintf("%s (%s-%s)", b, a, c) }
		NR == 1 { nt = split(tracers, T, " "); no = split(ops, O, " "); next }
		{ m = $1 " " $2; if (!(m in seen)) { seen[m] = 1; M[++nm] = m }; v[m, $3, $4] = $0 }
		END {
			for (i = 1; i <= nm; i++) for (j = 1; j <= no; j++) {
				printf "\n%s on %s: median (min-max) over %s rounds\n", O[j], M[i], "the"
				printf "  %-17s %-26s %-22s %-22s %s\n", "tracer", "overhead ns", "x floor", "x kmod (same mode)", "dropped"
				for (t = 2; t <= nt; t++) {
					if (!((M[i], T[t], O[j]) in v)) continue
					split(v[M[i], T[t], O[j]], f, ",")
					printf "  %-17s %-26s %-22s %-22s %s\n", T[t], r3(f[6], f[7], f[8]),
						r3(f[9], f[10], f[11]), r3(f[12], f[13], f[14]), f[15]
				}
			}
		}' "$1"
}

# The issues' targets, per kernel and op, from round.csv: each ratio of
# overheads is taken within a round (one boot), and judged by its median
# over the rounds (min-max shown); the eBPF backend's own spread too.
targets() {
	awk -F, '
		function med(s,    a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			lo = a[1]; hi = a[n]
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		NR == 1 || $12 != "ok" { next }
		{ M = $2 " " $3; key = M SUBSEP $1 SUBSEP $5; mach[M] = 1; op[$5] = 1; rnd[M, $1] = 1 }
		$4 ~ /^none/ { if (!(key in base) || $8 < base[key]) base[key] = $8; next }
		{ ns[key, $4] = $8 }
		function chk(name, a, b, limit, dir,    r, s, k, m) {
			s = ""
			for (k in rnd) {
				split(k, q, SUBSEP); if (q[1] != M) continue
				key = M SUBSEP q[2] SUBSEP P
				if (!((key, a) in ns) || !((key, b) in ns) || !(key in base)) continue
				if (ns[key, b] - base[key] <= 0) continue
				s = s " " (ns[key, a] - base[key]) / (ns[key, b] - base[key])
			}
			if (s == "") return
			m = med(s)
			printf "  %-13s %-50s %5.2f (%.2f-%.2f)  %s\n", P, name, m, lo, hi,
				(dir == "le" ? m <= limit : m >= limit) ? "met" : "MISSED"
		}
		function spread(name, a,    s, k, m, w) {
			s = ""
			for (k in rnd) {
				split(k, q, SUBSEP); if (q[1] != M) continue
				key = M SUBSEP q[2] SUBSEP P
				if ((key, a) in ns && key in base) s = s " " ns[key, a] - base[key]
			}
			if (split(s, tmp, " ") < 2) return
			m = med(s)
			if (m <= 0) return
			w = (hi - m) / m > (m - lo) / m ? (hi - m) / m : (m - lo) / m
			printf "  %-13s %-50s %4.0f%%  %s\n", P, name, w * 100, w <= 0.25 ? "met" : "MISSED"
		}
		END {
			for (M in mach) {
				printf "\ntargets on %s (ratios of overheads within a round: median (min-max))\n", M
				for (P in op) {
					for (i = 1; i <= 2; i++) {
						x = i == 1 ? "" : "-all"
						chk("sctrace-kmod" x " / floor <= 4", "sctrace-kmod" x, "floor", 4, "le")
						chk("sctrace-kmod" x " / sysdig <= 0.5", "sctrace-kmod" x, "sysdig", 0.5, "le")
						chk("sctrace-kmod" x " / lttng <= 0.5", "sctrace-kmod" x, "lttng", 0.5, "le")
						chk("sctrace-bpf" x " / sctrace-kmod" x " <= 1.5", "sctrace-bpf" x, "sctrace-kmod" x, 1.5, "le")
						spread("sctrace-bpf" x " spread from its median <= 25%", "sctrace-bpf" x)
					}
					chk("strace / sctrace-kmod >= 20", "strace", "sctrace-kmod", 20, "ge")
					chk("strace / sctrace-bpf >= 20", "strace", "sctrace-bpf", 20, "ge")
				}
			}
		}' "$1"
}

# The throughput target: no drops at a rate where sysdig (default buffers)
# already drops, i.e. a sustained rate at or above the lowest trial rate
# at which sysdig dropped, per machine.
rate_target() {
	local dir=$1
	[[ -s $dir/trial.csv && -s $dir/rate.csv ]] || return 0
	awk -F, 'FNR == 1 { f++; next }
		f == 1 && $3 == "sysdig" && $7 ~ /^[0-9]+$/ && $7 > 0 {
			k = $1 " " $2; if (!(k in low) || $4 + 0 < low[k]) low[k] = $4 + 0 }
		f == 2 && $3 ~ /^sctrace-/ && $8 ~ /^ok/ { sus[$1 " " $2, $3] = $4 + 0; m[$1 " " $2] = 1 }
		END {
			for (k in m) {
				if (!(k in low)) continue
				for (t in sus) {
					split(t, p, SUBSEP)
					if (p[1] != k) continue
					printf "  target %-31s %-13s no drops at %d/s, where sysdig dropped: sustains %d/s  %s\n",
						k, p[2], low[k], sus[t], (sus[t] >= low[k] ? "met" : "MISSED")
				}
			}
		}' "$dir/trial.csv" "$dir/rate.csv"
}

# rate.csv and reader.csv as aligned text
other_tables() {
	local dir=$1
	echo
	echo "throughput: highest paced getppid rate (2 threads) with nothing dropped and the rate reached, reader writing a capture file (sctrace -w: a command, where the module makes it wait rather than drop; sctrace-*-all: --all -w, system-wide; sysdig -w)"
	awk -F, 'NR > 1 { if ($8 ~ /^ok/) printf "  %-6s %-24s %-13s %9s/s; at %s/s (achieved %s/s): %s dropped%s\n", $1, $2, $3, $4, $5, $6,
			$7 == "" ? "?" : sprintf("%.1f%%", $7 * 100), $8 == "ok" ? "" : " (" substr($8, 5) ")"
		else printf "  %-6s %-24s %-13s %s\n", $1, $2, $3, $8 }' "$dir/rate.csv"
	rate_target "$dir"
	echo
	echo "reader cost: CPU time of the sctrace process per record (ms per million records = ns/record; text: strace's lines, -o FILE; json: --json -o FILE; summary: the -c table, -c -o FILE; capture: -w FILE)"
	awk -F, 'NR > 1 { if ($9 == "ok") printf "  %-6s %-24s %-13s %-7s %9s ns/record (%s records, %s dropped)\n", $1, $2, $3, $4, $8, $5, $6
		else printf "  %-6s %-24s %-13s %-7s %s\n", $1, $2, $3, $4, $9 }' "$dir/reader.csv"
}

case ${1:-} in
--header) header "$2" ;;
--dir)
	dir=$2
	overhead "$dir/micro.csv" >"$dir/overhead.csv"
	# older results have no round.csv: their best rounds stand for them
	[[ -s $dir/round.csv ]] || sed 's/^/1,/; 1s/^1,/round,/' "$dir/micro.csv" >"$dir/round.csv"
	spread "$dir/round.csv" >"$dir/spread.csv"
	{
		text_tables "$dir/overhead.csv"
		spread_tables "$dir/spread.csv"
		targets "$dir/round.csv"
		other_tables "$dir"
	} | tee "$dir/tables.txt"
	{
		md_tables "$dir/overhead.csv"
		printf '\n```'
		spread_tables "$dir/spread.csv"
		targets "$dir/round.csv"
		other_tables "$dir"
		echo '```'
	} >"$dir/tables.md"
	;;
*) echo "usage: report.sh --header KIND | --dir DIR" >&2; exit 2 ;;
esac
