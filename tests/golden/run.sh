#!/usr/bin/env bash
# Golden tests against strace itself: each program of tests/golden/progs/
# runs under `strace -f -o A` and under `sctrace -f -o B`; compare.py
# normalises both and counts the lines they share.  TAP: compare.py's
# normalisations on cases of its own, then a test per
# family: it passes while the count is at least what it was when the
# threshold below was set, and the union of lines no larger (so a decoder
# that regresses, or prints a line more, fails it).  The differing lines
# are printed as diagnostics.  What they are and why: tests/golden/README.md.
#
# Usage: tests/golden/run.sh [FAMILY...]       (root: sctrace traces)
#   SCTRACE=path       the sctrace to test (default build/bin/sctrace)
#   SCTRACE_BACKEND    kmod, bpf or auto, as for sctrace itself
#   GOLDEN_KEEP=dir    keep the traces there (A.<family>, B.<family>)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

# family  identical  all   (set from a run on the host: Debian 12, kernel
# 6.18, eBPF backend, strace 6.1: raise them when the printer gets closer)
thresholds='
files    44 44
fds      45 45
memory   22 22
procs    66 70
signals  26 32
sockets  46 48
time     14 14
ipc      30 30
'

families=("$@")
((${#families[@]})) || read -ra families <<<"$(awk 'NF { printf "%s ", $1 }' <<<"$thresholds")"
echo "1..$((${#families[@]} + 1))"
if ! command -v strace >/dev/null || ! command -v python3 >/dev/null; then
	echo "ok - compare.py # SKIP needs strace and python3"
	for f in "${families[@]}"; do echo "ok - $f # SKIP needs strace and python3"; done
	exit 0
fi
sctrace=${SCTRACE:-$top/build/bin/sctrace}
if ! make -s userspace golden-progs >/dev/null; then
	for f in compare.py "${families[@]}"; do echo "not ok - $f: the build failed (make golden-progs)"; done
	exit 1
fi
# test 1: compare.py's normalisations, on cases of its own
self=$(python3 tests/golden/compare.py --self-test)
self_rc=$?
echo "${self/ok - /ok 1 - }"

tmp=$(mktemp -d /tmp/sctrace-golden.XXXXXX)
keep=${GOLDEN_KEEP:-}
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work	# the program's directory: the same path for both runs
n=1 failed=$((self_rc != 0)) same_all=0 total_all=0
for f in "${families[@]}"; do
	n=$((n + 1))
	prog=$top/build/tests/golden/$f
	read -r _ want_same want_total < <(awk -v f="$f" '$1 == f' <<<"$thresholds")
	if [[ ! -x $prog || -z ${want_same:-} ]]; then
		echo "not ok $n - $f: no such family"; failed=$((failed + 1)); continue
	fi
	# A family below its threshold runs a second time: where a signal lands
	# (strace's SIGCHLD, an interrupted wait4) can depend on the machine's
	# load; a decoder regression is below it both times.
	for try in 1 2; do
		rm -rf "$work" && mkdir "$work"
		strace -f -o "$tmp/A.$f" "$prog" "$work" 2>"$tmp/err"
		rc_a=$?
		rm -rf "$work" && mkdir "$work"
		"$sctrace" -f -o "$tmp/B.$f" -- "$prog" "$work" 2>>"$tmp/err"
		rc_b=$?
		((rc_a || rc_b)) && break
		python3 tests/golden/compare.py "$tmp/A.$f" "$tmp/B.$f" "$work" >"$tmp/cmp"
		read -r same total <"$tmp/cmp"
		((same >= want_same && total <= want_total)) && break
		((try == 1)) && echo "# $f: $same/$total below the threshold; run again"
	done
	if ((rc_a || rc_b)); then
		echo "not ok $n - $f: exit $rc_a under strace, $rc_b under sctrace"
		sed 's/^/# /' "$tmp/err"; failed=$((failed + 1)); continue
	fi
	same_all=$((same_all + same)) total_all=$((total_all + total))
	pct=$(awk -v s="$same" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * s / t : 0 }')
	msg="$f: $same/$total lines identical ($pct%), threshold $want_same/$want_total"
	if ((same >= want_same && total <= want_total)); then echo "ok $n - $msg"
	else echo "not ok $n - $msg"; failed=$((failed + 1)); fi
	tail -n +2 "$tmp/cmp"
	[[ -n $keep ]] && mkdir -p "$keep" && cp "$tmp/A.$f" "$tmp/B.$f" "$keep/"
done
pct=$(awk -v s="$same_all" -v t="$total_all" 'BEGIN { printf "%.1f", t ? 100 * s / t : 0 }')
echo "# total: $same_all/$total_all lines identical ($pct%)"
((failed == 0))
