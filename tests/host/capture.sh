#!/usr/bin/env bash
# Capture files through the sctrace CLI on this machine's backend (auto:
# the module if loaded, else eBPF): sctrace -w records, sctrace -r prints
# the same text lines and the stored counters; a cut or foreign file is
# exit 1 naming the byte offset, after the records before the damage;
# -r refuses what only recording takes. -r prints strace's format; where
# a line per record matters, --raw. TAP output.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
sctrace=$top/build/bin/sctrace
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
n=0 failed=0
TRAILER_SIZE=144	# sizeof(struct sct_cap_trailer), userspace/capfile.h
echo "1..15"
check() { # check NAME COMMAND...: passes when COMMAND succeeds
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else
		failed=1; echo "not ok $n - $name"
		for f in out err; do [[ -s $f ]] && sed "s/^/# $f: /" "$f" | tail -n 10; done
	fi
}
# the N of the counters line "sctrace: N records, ..." in file $1
records_in() { sed -n 's/^sctrace: \([0-9]*\) records, .*/\1/p' "$1"; }
line_re='^[0-9]+\.[0-9]{9} [0-9]+ (> [a-z0-9_]+\(.*\)|< [a-z0-9_]+ = .*|fork child [0-9]+ \((process|thread)\)|exit code [0-9]+ \((process|thread) ended\)|killed by .*)$'

"$sctrace" -w cap -- /bin/true >out 2>err; rc=$?
cp err rec.err
check "-w FILE -- /bin/true: exit 0, no text on stdout, counters on stderr" \
	bash -c "[[ $rc = 0 && ! -s out ]] && grep -q '^sctrace: [0-9]* records, 0 dropped' err"
check "the file starts with the magic SCTRACE\\0" cmp -s -n 8 cap <(printf 'SCTRACE\0')

"$sctrace" -r cap >out 2>err; rc=$?
cp out full.out
check "-r FILE: exit 0, the execve of /bin/true and its end, in strace's format" \
	bash -c "[[ $rc = 0 ]] && grep -q '^execve(\"/bin/true\", \[\"/bin/true\"\], .*) *= 0\$' out &&
		 tail -n 1 out | grep -qx '+++ exited with 0 +++'"
"$sctrace" -r cap --raw >out 2>err; rc=$?
cp out raw.out
check "-r FILE --raw: every line is a text line of a live trace" \
	bash -c "[[ $rc = 0 && -s out ]] && ! grep -Evq '$line_re' out"
stored=$(records_in err) lines=$(wc -l <out) live=$(records_in rec.err)
echo "# records: $stored stored, $lines lines printed, $live counted by the live run"
check "-r FILE --raw: stored records count = lines printed = count of the live run" \
	bash -c "[[ -n '$stored' && '$stored' = '$lines' && '$stored' = '$live' ]]"
check "-r FILE: says what recorded it" \
	grep -Eq '^sctrace: reading cap: recorded with the (eBPF|kmod) backend, [0-9]+ CPUs, snaplen 256' err

"$sctrace" -r cap -o text >out 2>err; rc=$?
check "-r FILE -o TEXT: the same lines into TEXT" \
	bash -c "[[ $rc = 0 && ! -s out ]] && cmp -s text full.out"
"$sctrace" -r - <cap >out 2>err; rc=$?
check "-r - reads stdin" bash -c "[[ $rc = 0 ]] && cmp -s out full.out"

"$sctrace" -w - -- sh -c 'echo hi' 2>err | "$sctrace" -r - >out 2>>err
st=${PIPESTATUS[*]}
check "-w - | -r -: the capture on stdout, the command's own stdout on stderr" \
	bash -c "[[ '$st' = '0 0' ]] && grep -q '^write(1, \"hi\\\\n\", 3) *= 3\$' out && grep -qx hi err"

# -p, then SIGINT: the capture still ends with its trailer
sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.1; done' &
loop=$!
"$sctrace" -w sigcap -p "$loop" >out 2>err &
tracer=$!
sleep 1.5
kill -INT "$tracer"; wait "$tracer"; rc=$?
kill "$loop"; wait "$loop" 2>/dev/null
"$sctrace" -r sigcap --raw >out 2>err; rc2=$?
check "-w with -p ended by SIGINT: exit 130, and the capture reads to its trailer" \
	bash -c "[[ $rc = 130 && $rc2 = 0 ]] && grep -q ' $loop [<>] ' out"

size=$(stat -c %s cap)
head -c $((size / 2)) cap >cut
"$sctrace" -r cut --raw >out 2>err; rc=$?
off=$(sed -n 's/^sctrace: cut: byte \([0-9]*\): \(truncated\|capture was not closed cleanly\).*/\1/p' err)
check "a file cut in half: exit 1, the byte offset, the records before it" \
	bash -c "[[ $rc = 1 && -n '$off' ]] && (($off <= $size / 2)) && [[ -s out ]] &&
		 head -n \$(wc -l <out) raw.out | cmp -s - out"
head -c $((size - TRAILER_SIZE)) cap >open
"$sctrace" -r open >out 2>err; rc=$?
"$sctrace" -r open --raw >open.raw 2>/dev/null
check "a file without its trailer: exit 1, not closed cleanly, every record printed" \
	bash -c "[[ $rc = 1 ]] && grep -q '^sctrace: open: byte $((size - TRAILER_SIZE)): capture was not closed cleanly, '\$(wc -l <raw.out)' records read' err &&
		 cmp -s out full.out && cmp -s open.raw raw.out"
seq 1 100 >text
"$sctrace" -r text >out 2>err; rc=$?
echo hi >short
"$sctrace" -r short >out 2>>err; rc2=$?
check "files that are no capture (long, short): exit 1, bad magic at byte 0" \
	bash -c "[[ $rc = 1 && $rc2 = 1 ]] && grep -q '^sctrace: text: byte 0: not an sctrace capture' err &&
		 grep -q '^sctrace: short: byte 0: not an sctrace capture' err"

ok=1
for args in "-r cap -- true|takes no COMMAND" "-r cap -p 1|-p is for recording" \
	    "-r cap -e openat|-e is for recording" "-r cap -w x|-w is for recording" \
	    "-w x -o y -- true|the trace goes to one of them"; do
	"$sctrace" ${args%|*} >out 2>err; rc=$?
	[[ $rc = 2 ]] && grep -q -- "${args#*|}" err || { ok=0; echo "# $args: exit $rc"; }
done
# how the text is printed is -r's business too
for args in "-s 64" "-x" "-xx" "-tt" "-T" "-v" "--raw"; do
	# shellcheck disable=SC2086
	"$sctrace" -r cap $args >out 2>err; rc=$?
	[[ $rc = 0 && -s out ]] || { ok=0; echo "# -r cap $args: exit $rc"; }
done
check "-r with a COMMAND, -p, -e or -w, and -w with -o: usage errors (exit 2); -s, -x, -t, -T, -v, --raw print" [ $ok = 1 ]
"$sctrace" -r nonexistent >out 2>err; rc=$?
"$sctrace" -w /nonexistent/dir/cap -- true >out 2>>err; rc2=$?
check "-r of a missing file, -w into a missing directory: exit 1 naming the file" \
	bash -c "[[ $rc = 1 && $rc2 = 1 ]] && grep -q 'cannot open nonexistent: No such file' err &&
		 grep -q 'cannot write /nonexistent/dir/cap: No such file' err"
exit $failed
