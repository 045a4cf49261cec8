# shellcheck shell=bash
# tools/bench/tracers.sh: how each tracer runs a command, sourced by
# tools/bench/suite.sh. For tracer T:
#   avail_T            prints "ok", or "n/a: why" when T cannot run here
#   trace_T ERR CMD... runs CMD under T (CMD writes its results to a file
#                      it is told), T's output to /dev/null (or, for the
#                      throughput runs, to $TRACE_FILE when set), T's
#                      diagnostics to ERR; prints "RECORDS DROPPED" (numbers
#                      or "n/a") on stdout
# Every tracer records the syscalls of the workload (not a no-op filter)
# with its default buffers. (Function names use _ for the - in T.) Globals from suite.sh: BIN (build/bin), WORK
# (scratch directory on a local file system).

# shellcheck disable=SC2034 # used by suite.sh
TRACERS_ALL=(none floor sctrace-kmod sctrace-bpf sctrace-kmod-all sctrace-bpf-all strace perf-trace
	bpftrace sysdig lttng)

# Parses sctrace's end-of-trace counters from ERR: "RECORDS DROPPED".
sctrace_counters() {
	sed -n 's/^sctrace: \([0-9]*\) records, \([0-9]*\) dropped (ring full), \([0-9]*\) dropped (busy).*/\1 \2 \3/p' "$1" |
		tail -n 1 | awk '{ print $1, $2 + $3 } END { if (NR == 0) print "n/a n/a" }'
}

# run_beside PID READY SECONDS ERR CMD...: a system-wide tracer PID was
# started in the background; once READY succeeds (within SECONDS) and a
# second more to settle, runs CMD, then stops the tracer with SIGINT and
# waits for it. Fails as CMD did, or when the tracer never got ready.
# READY "alive": the tracer gives no sign, only that it is still running
# after SECONDS (sctrace starts capture in well under a second, several
# in a TCG guest; a reader kept busy by other tasks' records never waits
# in poll()).
run_beside() {
	local pid=$1 ready=$2 secs=$3 err=$4 rc=0
	shift 4
	if [[ $ready == alive ]]; then
		sleep "$secs"
		kill -0 "$pid" 2>/dev/null || { wait "$pid"; return 1; }
	else
		wait_for "$ready" "$secs" || { kill "$pid"; return 1; }
	fi
	sleep 1
	"$@" >/dev/null 2>>"$err" || rc=$?
	kill -INT "$pid"
	wait "$pid" || true
	return "$rc"
}

# Waits up to $2 seconds (guest clock) for command $1 to succeed.
wait_for() {
	local deadline=$((SECONDS + $2))
	until eval "$1"; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

avail_none() { echo ok; }
trace_none() {
	"${@:2}" >/dev/null 2>"$1" || return
	echo "0 0"
}

# sctrace's --backend option appears with the eBPF backend (issue 3).
# (not grep -q: closing the pipe early makes sctrace die of SIGPIPE, which
# fails the pipeline under pipefail)
sctrace_has_backend_opt() { "$BIN/sctrace" --help 2>&1 | grep -- '--backend' >/dev/null; }

avail_sctrace_kmod() {
	if [[ ! -e /proc/modules ]]; then echo "n/a: kernel without module support"
	elif [[ ! -e /dev/sctrace ]]; then echo "n/a: module not loaded"
	else echo ok; fi
}
# The option may exist while this machine cannot run the backend (not
# built, no BTF, no permission): a trial run says which.
avail_sctrace_bpf() {
	local err
	if ! sctrace_has_backend_opt; then echo "n/a: backend not built"; return; fi
	if err=$(SCTRACE_BACKEND=bpf "$BIN/sctrace" --backend=bpf -o /dev/null -- true 2>&1); then
		echo ok
	else
		echo "n/a: $(grep -m 1 . <<<"$err" | tr ',' ';' | cut -c1-100)"
	fi
}
# Text lines to /dev/null; the throughput runs write a capture file to
# $TRACE_FILE (-w), as sysdig does there.
sctrace_run() { # sctrace_run BACKEND ERR CMD...
	local backend=$1 err=$2 opt=() out=(-o /dev/null)
	shift 2
	sctrace_has_backend_opt && opt=(--backend="$backend")
	[[ -n ${TRACE_FILE:-} ]] && out=(-w "$TRACE_FILE")
	SCTRACE_BACKEND=$backend "$BIN/sctrace" "${opt[@]}" "${out[@]}" -- "$@" \
		>/dev/null 2>"$err" || return
	sctrace_counters "$err"
}
trace_sctrace_kmod() { sctrace_run kmod "$@"; }
trace_sctrace_bpf() { sctrace_run bpf "$@"; }

# System-wide, the way sysdig and LTTng run: `sctrace --all -w FILE`
# records every task's syscalls to a capture file ($TRACE_FILE, else
# /dev/null) while the workload runs as a separate process, not its child.
avail_sctrace_kmod_all() { avail_sctrace_kmod; }
avail_sctrace_bpf_all() { avail_sctrace_bpf; }
sctrace_all_run() { # sctrace_all_run BACKEND ERR CMD...
	local backend=$1 err=$2
	shift 2
	SCTRACE_BACKEND=$backend "$BIN/sctrace" --backend="$backend" --all \
		-w "${TRACE_FILE:-/dev/null}" >/dev/null 2>"$err" &
	run_beside $! alive 5 "$err" "$@" || return
	sctrace_counters "$err"
}
trace_sctrace_kmod_all() { sctrace_all_run kmod "$@"; }
trace_sctrace_bpf_all() { sctrace_all_run bpf "$@"; }

# The floor: tools/bench/floor's no-op probes on the module's four
# tracepoints (built per kernel by tools/bench-run), loaded around the run.
FLOOR_KO=${FLOOR_KO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/floor/$(uname -r)/sct_floor.ko}
avail_floor() {
	if [[ ! -e /proc/modules ]]; then echo "n/a: kernel without module support"
	elif [[ ! -e $FLOOR_KO ]]; then echo "n/a: $FLOOR_KO not built (make bench-floor)"
	else echo ok; fi
}
trace_floor() {
	local err=$1 rc=0
	shift
	insmod "$FLOOR_KO" 2>"$err" || return
	"$@" >/dev/null 2>>"$err" || rc=$?
	rmmod sct_floor 2>>"$err"
	((rc == 0)) || return "$rc"
	echo "n/a 0"	# no-op probes record nothing
}

avail_strace() { command -v strace >/dev/null && echo ok || echo "n/a: strace not installed"; }
trace_strace() {
	local err=$1
	shift
	strace -f -o /dev/null -- "$@" >/dev/null 2>"$err" || return
	echo "n/a 0"	# ptrace stops the tracee: nothing is ever dropped
}

avail_perf_trace() {
	perf version >/dev/null 2>&1 && echo ok || echo "n/a: linux-perf not installed"
}
trace_perf_trace() {
	local err=$1
	shift
	perf trace -o /dev/null -- "$@" >/dev/null 2>"$err" || return
	echo "n/a n/a"	# perf trace writes its LOST lines to -o: /dev/null
}

avail_bpftrace() { command -v bpftrace >/dev/null && echo ok || echo "n/a: bpftrace not installed"; }
trace_bpftrace() {
	local err=$1
	shift
	bpftrace -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @calls = count(); }' \
		-c "$*" >"$WORK/bpftrace.out" 2>"$err" || return
	# a per-CPU count map: nothing to drop
	sed -n 's/^@calls: \([0-9]*\)/\1 0/p' "$WORK/bpftrace.out" | grep . || echo "n/a 0"
}

avail_sysdig() {
	command -v sysdig >/dev/null || { echo "n/a: sysdig not installed (--peers)"; return; }
	[[ -e /proc/modules ]] || { echo "n/a: kernel without module support"; return; }
	modinfo scap >/dev/null 2>&1 ||
		{ echo "n/a: no scap module for $(uname -r) (Debian's falcosecurity-scap-dkms does not build for it)"; return; }
	modprobe scap 2>/dev/null || { echo "n/a: modprobe scap failed"; return; }
	echo ok
}
# sysdig filters in userspace: its module records every syscall of every
# process; -w writes the matching events (the workload's) as a capture.
trace_sysdig() {
	local err=$1 comm
	shift
	comm=$(basename "$1")
	sysdig -v -w "${TRACE_FILE:-/dev/null}" "proc.name=${comm:0:15}" >"$err" 2>&1 &
	# ready once it has the per-CPU devices open
	run_beside $! "ls -l /proc/$!/fd 2>/dev/null | grep -q /dev/scap" 60 "$err" "$@" || return
	# "Driver Events:N" and "Driver Drops:N" from -v
	awk -F: '/^Driver Events/ { e = $2 + 0 } /^Driver Drops/ { d = $2 + 0; seen = 1 }
		END { if (seen) print e, d; else print "n/a n/a" }' "$err"
}

avail_lttng() {
	command -v lttng >/dev/null || { echo "n/a: lttng-tools not installed (--peers)"; return; }
	[[ -e /proc/modules ]] || { echo "n/a: kernel without module support"; return; }
	modinfo lttng-tracer >/dev/null 2>&1 ||
		{ echo "n/a: no lttng-modules for $(uname -r) (see BENCHMARKS.md)"; return; }
	echo ok
}
# LTTng kernel syscall tracing of every process (the guest is otherwise
# idle), written by its consumer daemon to a local directory.
trace_lttng() {
	local err=$1 rc=0 out=$WORK/lttng
	shift
	rm -rf "$out"
	{
		pgrep -x lttng-sessiond >/dev/null || lttng-sessiond --daemonize
		lttng create sctbench --output="$out" &&
			lttng enable-event --kernel --syscall --all &&
			lttng start
	} >"$err" 2>&1 || return
	"$@" >/dev/null 2>>"$err" || rc=$?
	{ lttng stop sctbench; lttng destroy sctbench; } >>"$err" 2>&1
	((rc == 0)) || return "$rc"
	# "Warning: N events were discarded" when the ring was full
	awk '/discarded/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) d += $i }
		END { print "n/a", d + 0 }' "$err"
	rm -rf "$out"
}
