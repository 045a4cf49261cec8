#!/usr/bin/env bash
# tools/bench/ab.sh: what a change to the probes costs, before against
# after, in ONE guest boot (TCG times differ between boots far more than a
# small change does): rounds alternate the trees' module and CLI, each
# tracing tools/bench/sysbench micro (its own sysbench), with an untraced
# run in every round. Prints, per backend and op, the overhead over the
# round's untraced run (ns/call, median over rounds, with min-max) of each
# tree and its ratio to the first tree's. More than two trees make a table
# of steps (each change, or each part of the probes cut out, in its tree).
#
#   tools/bench/ab.sh TREE1 TREE2 [TREE3...] [--kernel 6.1] [--rounds 3]
#                     [--count 100000] [--backends "kmod bpf"] [--all]
#                     [--tcg single|multi]
#
# --all: system-wide, as tools/bench/tracers.sh's sctrace-*-all: each tree's
# `sctrace --all -w /dev/null` runs beside sysbench, which is not its child.
#
# Every tree must be built (make userspace bench, make module
# KERNELRELEASE=<the guest's>) and lie where the guest sees them (not under
# /tmp: the guest has its own). Run as root. Example, from a checkout:
#   git worktree add /work/ab-old <commit>; (cd /work/ab-old && make ...)
#   tools/bench/ab.sh /work/ab-old "$PWD" --kernel 6.1
set -euo pipefail
trees=()
while (($#)) && [[ $1 != --* ]]; do trees+=("$(cd "$1" && pwd)"); shift; done
((${#trees[@]} >= 2)) || { echo "ab.sh: give two trees or more" >&2; exit 2; }
kernel=6.1 rounds=3 count=100000 backends="kmod bpf" all=0 tcg=single
while (($#)); do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--backends) backends=$2; shift 2 ;;
	--all) all=1; shift ;;
	--tcg) tcg=$2; shift 2 ;;
	*) echo "ab.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
top=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $kernel == host ]]; then
	rel="host $(uname -r)" backends=${backends/kmod/}
	need="build/bin/sctrace build/bin/sysbench"
else
	rel=$("$top/tools/kernel-release" "$kernel")
	need="build/bin/sctrace build/bin/sysbench build/kmod/$rel/sctrace.ko"
fi
for t in "${trees[@]}"; do
	for f in $need; do
		[[ -e $t/$f ]] || { echo "ab.sh: $t/$f is missing: build it first" >&2; exit 1; }
	done
done
out=$top/build/bench-ab
rm -rf "$out"
mkdir -p "$out"

# In the guest: rounds of untraced, then each tree under each backend.
# The guest's files are a throw-away overlay: the CSVs come back on
# stdout, each after a line "### file NAME".
cat >"$out/guest.sh" <<EOF
set -u
w=\$(mktemp -d)
: >"\$w/target"	# openat_close opens it: on the guest's tmpfs, as tools/bench-run does
bench() { "${trees[0]}/build/bin/sysbench" micro --count $count --reps 5 --pause-ms 200 --path "\$w/target" --out "\$2"; }
for r in \$(seq $rounds); do
	bench none "\$w/none-\$r.csv"
	for b in $backends; do
		side=0
		for t in ${trees[*]}; do
			side=\$((side + 1))
			if [ \$b = kmod ]; then insmod "\$t/build/kmod/$rel/sctrace.ko" || exit 1; fi
			if [ $all = 1 ]; then
				"\$t/build/bin/sctrace" --backend=\$b --all -w /dev/null 2>>"\$w/sctrace.log" &
				p=\$!
				i=0
				until grep -qs poll /proc/\$p/wchan || [ \$i -ge 300 ]; do sleep 0.1; i=\$((i + 1)); done
				sleep 0.5
				bench "\$t" "\$w/\$b-\$side-\$r.csv" || echo "ab.sh: \$b \$side round \$r failed" >&2
				kill -INT \$p
				wait \$p
			else
				# the probes' cost, not the reader's: no waiting (lossless since
				# 253fc8f) for trees that have --drop
				drop=\$("\$t/build/bin/sctrace" --help 2>&1 | grep -o -- '--drop ' | head -n 1)
				"\$t/build/bin/sctrace" --backend=\$b \$drop -o /dev/null -- "\$t/build/bin/sysbench" micro \\
					--count $count --reps 5 --pause-ms 200 --path "\$w/target" --out "\$w/\$b-\$side-\$r.csv" \\
					2>>"\$w/sctrace.log" || echo "ab.sh: \$b \$side round \$r failed" >&2
			fi
			if [ \$b = kmod ]; then rmmod sctrace; fi
		done
	done
done
rm -f "\$w/target"
for f in "\$w"/*; do echo "### file \$(basename "\$f")"; cat "\$f"; done
EOF
if [[ $kernel == host ]]; then
	sed -i '/insmod\|rmmod/d' "$out/guest.sh"
	bash "$out/guest.sh" >"$out/guest.out"
else
	# single-threaded TCG: insmod, rmmod and probe (de)registration
	# while the other CPU runs can hang a multi-threaded 6.1 guest
	# (--tcg multi: the reader on a host thread of its own, as with --all
	# it should be; insmod and rmmod happen while the guest is idle)
	"$top/tools/vm-run" --kernel "$kernel" --no-module --no-build --tcg "$tcg" \
		--timeout 2400 -- sh "$out/guest.sh" >"$out/guest.out"
fi
awk -v dir="$out" '/^### file / { f = dir "/" $3; next } f { print > f }' "$out/guest.out"

# ns_min per op of a csv (op,calls,count,reps,ns_min,ns_median)
names=$(for t in "${trees[@]}"; do basename "$t"; done | tr '\n' ' ')
awk -F, -v rounds="$rounds" -v backends="$backends" -v names="$names" -v dir="$out" -v rel="$rel" '
	function load(file, key,    line, f, n) {
		while ((getline line < file) > 0) {
			n = split(line, f, ",")
			if (f[1] == "op" || n < 5) continue
			v[key, f[1]] = f[5]; ops[f[1]] = 1	# ns per op (openat_close: a pair)
		}
		close(file)
	}
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	BEGIN {
		nb = split(backends, B, " "); nt = split(names, N, " ")
		for (r = 1; r <= rounds; r++) {
			load(dir "/none-" r ".csv", "none" SUBSEP r)
			for (i = 1; i <= nb; i++) {
				for (s = 1; s <= nt; s++)
					load(dir "/" B[i] "-" s "-" r ".csv", B[i] SUBSEP s SUBSEP r)
			}
		}
		printf "%s: overhead ns/call over the same round untraced, median (min-max) of %d rounds\n", rel, rounds
		printf "%-8s %-13s", "backend", "op"
		for (s = 1; s <= nt; s++) printf " %-30s", N[s] (s > 1 ? " (x" N[1] ")" : "")
		printf "\n"
		split("getppid close_fail read_zero openat_close", O, " ")
		for (i = 1; i <= nb; i++) for (k = 1; k <= 4; k++) {
			P = O[k]
			printf "%-8s %-13s", B[i], P
			for (s = 1; s <= nt; s++) {
				n = 0; lo = 1e18; hi = -1e18
				for (r = 1; r <= rounds; r++) {
					if (!((B[i], s, r, P) in v) || !(("none", r, P) in v)) continue
					d = v[B[i], s, r, P] - v["none", r, P]
					a[++n] = d; if (d < lo) lo = d; if (d > hi) hi = d
				}
				m[s] = n ? median(a, n) : -1
				txt = n ? sprintf("%.1f (%.1f-%.1f)", m[s], lo, hi) : "n/a"
				if (s > 1) txt = txt " " ((m[1] > 0 && m[s] >= 0) ? sprintf("%.2f", m[s] / m[1]) : "n/a")
				printf " %-30s", txt
			}
			printf "\n"
		}
	}' | tee "$out/summary.txt"
