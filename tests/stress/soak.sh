#!/bin/sh
# Proof that sctrace cannot hurt the kernel it runs in, under stress, as
# one TAP stream (each part's tests numbered on):
#   accounting  a mixed workload of known syscalls on two threads, every
#               record delivered or counted, per syscall (accounting.c),
#               through each backend
#   hotplug     the same while CPU 1 goes offline and back (accounting -H)
#   sigkill     readers killed with SIGKILL at random points, nothing left
#               behind (sigkill.sh), each backend
#   loadunload  the module unloaded and loaded again under load, refused
#               while a reader holds it (loadunload.sh)
#   startstop   (--long only; make check's suite runs its 40 cycles)
#               capture started and stopped under load (tests/guest/startstop.sh)
# Short (make check, every guest: seconds) or --long (make check-long, the
# debug kernel: the counts of issue 17). Any oops, KASAN, UBSAN or lockdep
# report fails the guest run (tools/vm-run). The module is left loaded.
# Usage (in the guest, as root): tests/stress/soak.sh [--long] [--only 'PART...'] KO
long=0 only=""
while :; do
	case $1 in
	--long) long=1; shift ;;
	--only) only=$2; shift 2 ;;
	*) break ;;
	esac
done
ko=${1:?path of the sctrace.ko that was loaded}
top=$(cd "${0%/*}/../.." && pwd)
cd "$top" || exit 1
bin=build/tests/stress
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $long = 1 ]; then
	syscalls=10000000 hotplugs=50 kills=100 cycles=200 startstops=1000 limit=7200
else
	# make check runs this in six guests: seconds each, ~1 min in all
	syscalls=100000 hotplugs=5 kills=2 cycles=2 startstops=0 limit=600
	# the debug kernel makes ~2,000-6,000 syscalls/s in TCG (KASAN), not
	# ~75,000 (its 2 unload/load cycles: ~20 s)
	case $(uname -r) in *-debug) syscalls=10000 ;; esac
fi
# SOAK_SYSCALLS, SOAK_HOTPLUGS, SOAK_KILLS, SOAK_CYCLES, SOAK_STARTSTOPS:
# other counts (a long run sized to what a slow kernel can do in time)
syscalls=${SOAK_SYSCALLS:-$syscalls} hotplugs=${SOAK_HOTPLUGS:-$hotplugs}
kills=${SOAK_KILLS:-$kills} cycles=${SOAK_CYCLES:-$cycles}
startstops=${SOAK_STARTSTOPS:-$startstops}
echo "# $(uname -r): $syscalls syscalls, $hotplugs hotplugs, $kills kills, $cycles unload/load cycles, $startstops start/stop cycles"
no_bpf=${SCTRACE_SUITE_NO_BPF:-}
[ -r /sys/kernel/btf/vmlinux ] || no_bpf="kernel $(uname -r) has no BTF: the eBPF backend cannot run"

echo 0 >"$tmp/n"
# wanted NAME: NAME's part is one of --only's (all without it)
wanted() {
	case " ${only:-${1%% *}} " in *" ${1%% *} "*) return 0 ;; esac
	return 1
}
# part NAME COMMAND...: COMMAND's TAP renumbered into this stream; a
# "Bail out!", a missing plan's tests or a failed exit status count as
# failures
part() {
	name=$1; shift
	wanted "$name" || return 0
	t0=$(date +%s)
	timeout "$limit" "$@" >"$tmp/out" 2>&1
	st=$?
	awk -v n="$(cat "$tmp/n")" -v name="$name" -v st="$st" -v nf="$tmp/n" \
	    -v secs="$(($(date +%s) - t0))" '
		/^1\.\.[0-9]+/ { plan += substr($1, 4); next }
		/^(not )?ok [0-9]+/ {
			not = $1 == "not"; $1 = ""; if (not) $2 = ""
			sub(/^ *[0-9]+ */, " ")
			print (not ? "not ok " : "ok ") ++n $0; seen++; bad += not; next
		}
		/^Bail out!/ { print "not ok " ++n " - " name ": " $0; seen++; bad++; next }
		{ print }
		END {
			for (; seen < plan; seen++) { print "not ok " ++n " - " name ": a planned test never reported"; bad++ }
			if (st != 0 && !bad) print "not ok " ++n " - " name ": exit status " st (st == 124 ? " (timed out)" : "")
			print "# " name ": " secs " s"
			print n > nf
		}' "$tmp/out"
}
# skip NAME REASON: a part that cannot run here, as one skipped test
skip() {
	wanted "$1" || return 0
	n=$(($(cat "$tmp/n") + 1))
	echo "ok $n - $1 # SKIP $2"
	echo $n >"$tmp/n"
}

for b in kmod bpf; do
	if [ $b = bpf ] && [ -n "$no_bpf" ]; then
		skip "accounting bpf" "$no_bpf"
		skip "hotplug bpf" "$no_bpf"
		continue
	fi
	part "accounting $b" $bin/accounting -b $b -n "$syscalls"
	part "hotplug $b" $bin/accounting -b $b -H "$hotplugs"
done
for b in kmod bpf; do
	part "sigkill $b" env SCTRACE_SUITE_NO_BPF="$no_bpf" tests/stress/sigkill.sh $b "$kills" 17 "$ko"
done
if [ "$cycles" -gt 0 ]; then
	part loadunload tests/stress/loadunload.sh "$ko" "$cycles"
else
	skip loadunload "SOAK_CYCLES=0"
fi
if [ "$startstops" -gt 0 ]; then
	part startstop env SCTRACE_SUITE_NO_BPF="$no_bpf" tests/guest/startstop.sh "$startstops"
fi
n=$(cat "$tmp/n")
echo "1..$n"
