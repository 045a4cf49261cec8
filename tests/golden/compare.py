#!/usr/bin/env python3
"""Compares strace's lines with sctrace's for one program of the corpus.

Usage: compare.py STRACE_FILE SCTRACE_FILE DIR
       compare.py --self-test      (a TAP line: the normalisations' cases)

Both files come from `-f -o FILE`.  Each is normalised (see README.md,
"Normalisation"), split per process (pids renamed P1, P2... in order of
age), and the two are matched with difflib per process.  Prints one line
"IDENTICAL ALL" (ALL: lines of either side, those in common counted once),
then the differing lines as TAP diagnostics ("# - strace", "# + sctrace").
"""
import difflib
import re
import sys

MARKER = re.compile(r'^write\(-1, .*, 12\)\s*= -1 EBADF')
STRACE_PID = re.compile(r'^(\d+) +')
SCTRACE_PID = re.compile(r'^\[pid +(\d+)\] ')
UNFINISHED = ' <unfinished ...>'
RESUMED = re.compile(r'^<\.\.\. [a-z0-9_]+ resumed>')
GETPID = re.compile(r'^getpid\(\)\s*= (\d+)$')
EXIT = re.compile(r'^\+\+\+ (exited|killed)')

# Values that differ from one run to the next, each where it appears.
# Keep this list narrow: whatever it hides, it hides from the test.
RUN_VALUES = [
    (re.compile(r'0x[0-9a-f]{6,}'), 'ADDR'),             # addresses (ASLR)
    (re.compile(r'/\* \d+ vars \*/'), '/* N vars */'),   # execve's environment
    (re.compile(r'd_ino=\d+'), 'd_ino=N'),               # getdents64: inodes
    (re.compile(r'f_(bfree|bavail|ffree)=\d+'), r'f_\1=N'),  # statfs: what is free
    (re.compile(r'sin_port=htons\(\d+\)'), 'sin_port=htons(PORT)'),  # port 0
    (re.compile(r'^getrandom\(".*", (\d+, )'), r'getrandom(RANDOM, \1'),  # bytes
    # SIGCHLD's CPU times of the child, in ticks (a loaded guest spends some)
    (re.compile(r'si_([us])time=\d+( /\* [0-9.]+ s \*/)?'), r'si_\1time=T'),
]
# A child's SIGCHLD just before the wait for that child: the child ended
# before its parent called wait4 (or waitid), which is timing
SIGCHLD_FROM = re.compile(r'^--- SIGCHLD \{.*\bsi_pid=(P\d+)\b')
WAIT_FOR = r'^(wait4\(|waitid\(P_PID, )%s\b'

# Clocks read: only on these calls, whose output is the time itself.
CLOCK_CALLS = re.compile(r'^(clock_gettime|gettimeofday)\(')
CLOCK_VALUES = re.compile(r'(tv_sec|tv_nsec|tv_usec)=\d+')


def records(path):
    """[pid or None, text] per line of the file."""
    out = []
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = STRACE_PID.match(line) or SCTRACE_PID.match(line)
            out.append([int(m.group(1)) if m else None,
                        line[m.end():] if m else line])
    return out


def join(recs):
    """Joins each "<unfinished ...>" line with its "<... resumed>" one:
    where the halves fall between other processes' lines is timing."""
    out, pending = [], {}
    for pid, text in recs:
        if text.endswith(UNFINISHED):
            pending[pid] = len(out)
            out.append([pid, text[:-len(UNFINISHED)]])
            continue
        r = RESUMED.match(text)
        if r and pid in pending:
            out[pending.pop(pid)][1] += text[r.end():]
            continue
        out.append([pid, text])
    return out


def attribute(recs):
    """Gives unprefixed lines a pid.  strace -f -o prefixes every line;
    sctrace prefixes only while several processes are traced, so a bare
    line is the only live process's, or the first process's (the oldest,
    the smallest pid) before any prefix was seen.  With no prefix at all,
    the first process is the one the marker's getpid() names."""
    pids = [p for p, _ in recs if p is not None]
    if pids:
        root = min(pids)
    else:
        got = (GETPID.match(t) for _, t in recs)
        root = next((int(m.group(1)) for m in got if m), 0)
    alive = {root}
    last = root
    for r in recs:
        if r[0] is None:
            r[0] = next(iter(alive)) if len(alive) == 1 else last
        last = r[0]
        alive.add(r[0])
        if EXIT.match(r[1]):
            alive.discard(r[0])
    return recs


def normalise(path, tmpdir):
    recs = join(attribute(records(path)))
    start = next((i for i, (_, t) in enumerate(recs) if MARKER.match(t)), None)
    if start is None:
        return {}
    recs = recs[start:]
    order = []
    for p, _ in recs:
        if p not in order:
            order.append(p)
    names = {p: 'P%d' % (i + 1) for i, p in enumerate(sorted(order))}
    known = '|'.join(str(p) for p in order if p)
    pid_word = re.compile(r'\b(%s)\b' % known) if known else None
    per = {}
    for p, t in recs:
        t = t.replace(tmpdir, 'TMP')
        t = re.sub(r' {2,}= ', ' = ', t)
        for rx, sub in RUN_VALUES:
            t = rx.sub(sub, t)
        if CLOCK_CALLS.match(t):
            t = CLOCK_VALUES.sub(r'\1=N', t)
        if pid_word:
            t = pid_word.sub(lambda m: names[int(m.group(1))], t)
        per.setdefault(names[p], []).append(t)
    for lines in per.values():
        sigchld_after_wait(lines)
    return per


def sigchld_after_wait(lines):
    """Puts a child's SIGCHLD line that comes just before the parent's wait
    for that child after it, where it lands when the parent waits first:
    whether the child ends before the parent reaches wait4 is timing (a
    loaded machine, and the tracer's own cost, move it)."""
    i = 0
    while i + 1 < len(lines):
        m = SIGCHLD_FROM.match(lines[i])
        if m and re.match(WAIT_FOR % m.group(1), lines[i + 1]):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
            i += 1
        i += 1


def self_test():
    """Cases of the normalisations that timing needs: one TAP line."""
    sig = ('--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%s, '
           'si_uid=0, si_status=0, si_utime=T, si_stime=T} ---')
    wait = 'wait4(%s, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = %s'
    cases = [  # (lines, what they become)
        ([sig % 'P2', wait % ('P2', 'P2')], [wait % ('P2', 'P2'), sig % 'P2']),
        ([wait % ('P2', 'P2'), sig % 'P2'], [wait % ('P2', 'P2'), sig % 'P2']),
        ([sig % 'P3', wait % ('P2', 'P2')], [sig % 'P3', wait % ('P2', 'P2')]),
        ([sig % 'P2', 'waitid(P_PID, P2, {}, WEXITED, NULL) = 0'],
         ['waitid(P_PID, P2, {}, WEXITED, NULL) = 0', sig % 'P2']),
        ([sig % 'P2', 'getpid() = P1'], [sig % 'P2', 'getpid() = P1']),
    ]
    bad = []
    for i, (lines, want) in enumerate(cases):
        got = list(lines)
        sigchld_after_wait(got)
        if got != want:
            bad.append(i + 1)
    joined = join([[1, 'wait4(2,  <unfinished ...>'], [2, 'exit_group(0) = ?'],
                   [1, '<... wait4 resumed>NULL, 0, NULL) = 2']])
    if joined != [[1, 'wait4(2, NULL, 0, NULL) = 2'], [2, 'exit_group(0) = ?']]:
        bad.append('join')
    print('%s - compare.py: a SIGCHLD before the wait for its child goes after it, '
          'unfinished calls are joined (%d cases)%s'
          % ('not ok' if bad else 'ok', len(cases) + 1,
             ': cases %s differ' % bad if bad else ''))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    a = normalise(sys.argv[1], sys.argv[3])
    b = normalise(sys.argv[2], sys.argv[3])
    same = total = 0
    diag = []
    for proc in sorted(set(a) | set(b), key=lambda s: int(s[1:])):
        la, lb = a.get(proc, []), b.get(proc, [])
        sm = difflib.SequenceMatcher(None, la, lb, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == 'equal':
                same += i2 - i1
                total += i2 - i1
                continue
            total += (i2 - i1) + (j2 - j1)
            for k in range(max(i2 - i1, j2 - j1)):
                if i1 + k < i2:
                    diag.append('# - %s %s' % (proc, la[i1 + k]))
                if j1 + k < j2:
                    diag.append('# + %s %s' % (proc, lb[j1 + k]))
    print(same, total)
    for d in diag:
        print(d)


if __name__ == '__main__':
    main()
