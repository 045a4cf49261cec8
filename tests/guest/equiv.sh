#!/bin/sh
# The two backends, proven identical: the same deterministic workload
# (equiv_workload.c) traced once through the module and once through the
# eBPF probe, in the same guest, gives the same decoded syscall stream:
# names, arguments, the memory they point to (strings, buffers, structs,
# iovecs, msghdrs, string arrays), return values and exit codes, in each
# thread's order. What legitimately differs is taken out first:
# timestamps, thread and process ids (each becomes a label from the fork
# record that made it: P, P.1, P.2, ...), the interleaving of threads
# (compared thread by thread), and whether a thread that ends while its
# process ends is the one flagged "process ended" (the ABI allows both).
# Addresses match because the workload runs without address space
# randomization. TAP output.
# Usage: tests/guest/equiv.sh [REPO_ROOT]
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
workload=$root/build/tests/guest/equiv_workload
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { # not_ok NAME [FILE]: fails, shows FILE
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/# /' "$2" | tail -n 40
}

# normalize TRACE: from the workload's marker syscall on, ids become labels
normalize() {
	awk '
	!started {
		if ($0 !~ / > lseek\(0xffffffffffffffff, 0xfeed, /) next
		started = 1; lab[$2] = "P"
	}
	{
		tid = $2
		if (!(tid in lab)) lab[tid] = "unknown-" tid
		L = lab[tid]
		line = $0
		sub(/^[^ ]+ [^ ]+ /, "", line)
		if (line ~ /^fork child [0-9]+ /) {
			c = $5
			lab[c] = L "." (++kids[L])
			thread[lab[c]] = (line ~ /\(thread\)$/)
			sub(/child [0-9]+/, "child " lab[c], line)
		}
		# the pid a clone or wait4 returns (what it wrote may follow)
		if (match(line, /^< (clone|clone3|fork|vfork|wait4) = [1-9][0-9]*/)) {
			head = substr(line, 1, RLENGTH); rest = substr(line, RLENGTH + 1)
			pid = head; sub(/.* = /, "", pid)
			if (pid in lab) { sub(/= [0-9]+$/, "= " lab[pid], head); line = head rest }
		}
		if (thread[L])
			sub(/ \((process|thread) ended\)$/, "", line)
		print L " " line
	}' "$1" | sort -s -k1,1
}

echo "1..4"
"$workload" || { echo "# the workload itself fails"; }	# warms the page cache
for b in kmod bpf; do
	sctrace --backend=$b --raw -o "$tmp/$b.trace" -- "$workload" 2>"$tmp/$b.err"
	rc=$?
	if [ $rc = 0 ] && grep -q ' 0 dropped (ring full), 0 dropped (busy)' "$tmp/$b.err"; then
		ok "$b: workload traced, nothing dropped"
	else
		echo "# exit status $rc"; not_ok "$b: workload traced, nothing dropped" "$tmp/$b.err"
	fi
	normalize "$tmp/$b.trace" >"$tmp/$b.norm"
done
if diff -u "$tmp/kmod.norm" "$tmp/bpf.norm" >"$tmp/diff"; then
	ok "same decoded stream, thread by thread ($(wc -l <"$tmp/kmod.norm") records)"
else
	not_ok "same decoded stream, thread by thread" "$tmp/diff"
fi
# the stream holds what the workload is there to compare
if grep -q '^P\.1 < clone = 0$' "$tmp/kmod.norm" &&
   grep -q '^P\.1 exit code 7$' "$tmp/kmod.norm" &&
   grep -q '^P\.2 exit code 3 (process ended)$' "$tmp/kmod.norm" &&
   grep -q '^P < wait4 = P\.2 \[1: ' "$tmp/kmod.norm" &&
   grep -q '^P > openat(.*"/q\{300\}"' "$tmp/kmod.norm" &&
   grep -q '^P > write(.*"qqq*"\.\.\.' "$tmp/kmod.norm" &&
   grep -q '^P < read = [0-9]* \[1: "' "$tmp/kmod.norm" &&
   grep -q '^P > writev(.*iov_base="abc"' "$tmp/kmod.norm" &&
   grep -q '^P > execve(.*\["x", "yy"\]' "$tmp/kmod.norm" &&
   grep -q '^P > openat(.*<fault>' "$tmp/kmod.norm" &&
   grep -q '^P < openat = -2 (ENOENT)$' "$tmp/kmod.norm"; then
	ok "the stream has the thread, the child, whole paths, a cut buffer, memory the calls read and wrote, a fault, an error"
else
	not_ok "the stream has the thread, the child, whole paths, a cut buffer, memory the calls read and wrote, a fault, an error" "$tmp/kmod.norm"
fi
[ "$failed" = 0 ]
