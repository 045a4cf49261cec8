#!/usr/bin/env bash
# --export=chrome:FILE opened in a real viewer: speedscope (npm, works
# offline) in headless chromium (Debian), both from tools/install-deps
# viewer. tests/golden's procs program (a fork, an exec, a thread: four
# tracks) is recorded once with -w; -r gives its --json lines (what the
# viewer should show, from another exporter) and its chrome file, which
# viewer.js loads in speedscope before reading the page and a screenshot.
# Checks what a person would see: the tracks the viewer made, a flame
# chart that is not blank, the main thread's slices by name and the
# longest one first. Skips, saying why, without chromium, speedscope,
# node or a backend to record with. TAP output.
#   SPEEDSCOPE=DIR: speedscope's dist/release (default: npm's global one)
#   VIEWER_KEEP=DIR: keep the screenshot and the files there
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
sctrace=$top/build/bin/sctrace
procs=$top/build/tests/golden/procs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
n=0
plan=4
echo "1..$plan"

skip_all() { # skip_all REASON
	for ((n = 1; n <= plan; n++)); do echo "ok $n - viewer # SKIP $1"; done
	exit 0
}
check() { # check NAME COMMAND...: passes when COMMAND succeeds
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else
		echo "not ok $n - $name"
		for f in viewer.json err; do [[ -s $f ]] && sed "s/^/# $f: /" "$f" | cut -c1-400 | tail -n 10; done
	fi
}

ss=${SPEEDSCOPE:-}
if [[ -z $ss ]] && command -v npm >/dev/null; then
	ss=$(npm root -g 2>/dev/null)/speedscope/dist/release
fi
command -v node >/dev/null || skip_all "node is not installed (tools/install-deps viewer)"
command -v chromium >/dev/null || skip_all "chromium is not installed (tools/install-deps viewer)"
[[ -n $ss && -f $ss/index.html ]] ||
	skip_all "speedscope is not installed (tools/install-deps viewer: npm install -g speedscope)"
command -v python3 >/dev/null || skip_all "python3 is not installed"
[[ -x $sctrace && -x $procs ]] || skip_all "build first: make userspace golden-progs"
mkdir dir
"$sctrace" -qq -w procs.cap -- "$procs" "$tmp/dir" >/dev/null 2>err ||
	skip_all "sctrace cannot record here: $(tail -n 1 err)"

"$sctrace" -r procs.cap --json >calls.jsonl 2>err &&
	"$sctrace" -r procs.cap -c -o /dev/null --export=chrome:trace.json 2>err ||
	skip_all "sctrace -r failed: $(tail -n 1 err)"
node "$top/tests/host/viewer.js" "$ss" trace.json screenshot.png >viewer.json 2>err
[[ -n ${VIEWER_KEEP:-} ]] && mkdir -p "$VIEWER_KEEP" && cp ./*.json ./*.jsonl ./*.png "$VIEWER_KEEP" 2>/dev/null

# what the viewer showed against the --json lines: "NAME: ok" or why not
verdicts=$(python3 - <<'EOF'
import json, re
calls = [json.loads(l) for l in open('calls.jsonl')]
calls = [c for c in calls if c['type'] == 'syscall']
try:
    v = json.load(open('viewer.json'))
except ValueError:
    v = {'error': 'viewer.js printed no JSON'}
def say(name, why):
    print(name + ': ' + (why or 'ok'))
if 'error' in v:
    for name in ('load', 'pixels', 'slices', 'first'):
        say(name, v['error'])
    raise SystemExit
main = calls[0]['tid']
threads = {(c['pid'], c['tid']) for c in calls}
want = 'procs (pid %d), procs (tid %d) (1/%d)' % (main, main, len(threads))
say('load', None if v['title'] == want else 'title %r, want %r' % (v['title'], want))
p = v['pixels']
share = p['coloured'] / (p['width'] * p['height'])
print('# screenshot: %.1f%% of the chart coloured, %d colours' % (100 * share, p['colours']))
say('pixels', None if share >= 0.02 and p['colours'] >= 8 else
    '%.1f%% coloured, %d colours (want 2%%, 8)' % (100 * share, p['colours']))
rows = [r.split('\t') for r in v['frames']]
names = [r[2].split(' ', 1)[0] for r in rows if len(r) == 3 and r[0] != 'Total']
mine = [c for c in calls if c['tid'] == main]
made = {c['syscall'] for c in mine}
print('# sandwich: %d rows shown: %s' % (len(names), ' '.join(names)))
stray = [x for x in names if x not in made]
say('slices', 'only %d frames' % len(names) if len(names) < 10 else
    'not calls of the main thread: %s' % stray if stray else None)
longest = max(mine, key=lambda c: c.get('duration_ns', 0))['syscall']
say('first', None if names and names[0] == longest else
    'first frame %s, the longest call is %s' % (names[:1], longest))
EOF
)
echo "$verdicts" | grep '^#'
verdict() { grep -qx "$1: ok" <<<"$verdicts" || { echo "$verdicts" | grep "^$1: " | sed 's/^/# /'; false; }; }
check "speedscope loads the export: a track per thread (title 'procs (pid P), procs (tid P) (1/N)')" \
	verdict load
check "the screenshot's flame chart is not blank: coloured slices, several colours" verdict pixels
check "the Sandwich view lists the main thread's syscalls, and only those" verdict slices
check "its first frame is the main thread's longest call (slice durations)" verdict first
