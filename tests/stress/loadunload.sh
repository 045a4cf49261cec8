#!/bin/sh
# The module loaded and unloaded under load: in each cycle a reader
# (sctrace -p) attaches to two processes making syscalls (one per CPU, as
# the scheduler places them), the kernel refuses to unload the module while
# the reader holds it (delete_module: EWOULDBLOCK, "in use"), the reader
# stops on SIGINT (exit 130, after its counters line), and the module
# unloads and its device goes away; then it is loaded again. An oops or a warning in the kernel log fails the whole
# guest run (tools/vm-run). The module is left loaded.
# TAP. Usage (in the guest, as root): tests/stress/loadunload.sh KO [CYCLES]
ko=${1:?path of sctrace.ko}
cycles=${2:-10}
top=$(cd "${0%/*}/../.." && pwd)
modctl=$top/build/tests/stress/modctl
refcnt=/sys/module/sctrace/refcnt
tmp=$(mktemp -d)
# shellcheck source=tests/guest/tap.sh
. "$top/tests/guest/tap.sh"

(while :; do read -r _ </proc/self/stat; done) &
l1=$!
(while :; do read -r _ </proc/self/stat; done) &
l2=$!
trap 'kill $l1 $l2 2>/dev/null; rm -rf "$tmp"' EXIT

# wait_for SECONDS COMMAND...: until COMMAND succeeds, or false
wait_for() {
	w=$(($1 * 20)); shift
	while ! "$@"; do
		w=$((w - 1))
		[ "$w" -gt 0 ] || return 1
		sleep 0.05
	done
}
held() { [ "$(cat $refcnt 2>/dev/null)" -ge 1 ] 2>/dev/null; }

echo "1..5"
t0=$(date +%s)
i=0 loaded=0 attached=0 refused=0 stopped=0 unloaded=0 why=""
while [ "$i" -lt "$cycles" ]; do
	i=$((i + 1))
	if [ ! -e /sys/module/sctrace ] && ! e=$("$modctl" load "$ko"); then
		why="cycle $i: load: $e"; break
	fi
	loaded=$((loaded + 1))
	: >"$tmp/out"
	sctrace --backend=kmod -p $l1 -p $l2 -o "$tmp/out" 2>"$tmp/err" &
	r=$!
	# attached: the device open (the module held), capture started and
	# lines written (not a fixed delay: a loaded guest starts slowly)
	wait_for 30 held && wait_for 30 test -s "$tmp/out"
	e=$("$modctl" unload sctrace) || true
	[ "$e" = EWOULDBLOCK ] && refused=$((refused + 1))
	[ -n "$why" ] || [ "$e" = EWOULDBLOCK ] || why="cycle $i: unload while held: ${e:-succeeded}"
	kill -INT $r
	wait $r
	# a clean stop: 128 + SIGINT, after the counters line
	[ $? = 130 ] && grep -q ' records, ' "$tmp/err" && stopped=$((stopped + 1))
	[ -s "$tmp/out" ] && attached=$((attached + 1))
	if e=$("$modctl" unload sctrace) && [ ! -e /dev/sctrace ]; then
		unloaded=$((unloaded + 1))
	else
		why=${why:-"cycle $i: unload after the reader: $e"}
		break
	fi
done
echo "# $i cycles in $(($(date +%s) - t0)) s${why:+; first problem: $why}"
check "$cycles load/unload cycles under load: loaded each time ($loaded)" [ "$loaded" = "$cycles" ]
check "a reader attached each time: module held, records written ($attached)" \
	[ "$attached" = "$cycles" ]
check "unloading refused while a reader held the module, EWOULDBLOCK ($refused)" \
	[ "$refused" = "$cycles" ]
check "the reader stopped cleanly on SIGINT each time: its counters, exit 130 ($stopped)" [ "$stopped" = "$cycles" ]
[ -e /sys/module/sctrace ] || "$modctl" load "$ko" >"$tmp/err"
check "then the module unloaded, its device gone, each time ($unloaded); loaded again" \
	sh -c "[ $unloaded = $cycles ] && [ -e /dev/sctrace ]"
[ "$failed" = 0 ]
