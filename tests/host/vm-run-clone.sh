#!/usr/bin/env bash
# tools/vm-run from a checkout anywhere, as a new user clones it: this
# tree's HEAD cloned into a fresh directory under /tmp (which the guest's
# own root does not show: its /tmp is fresh), with this tree's
# tools/vm-run and tools/guest/init (the code under test, committed or
# not); one short guest run from the clone must start in the clone's path
# and see a build output made before it. One boot (~5-10 s). TAP.
# Usage: tests/host/vm-run-clone.sh [KERNEL]   (default 6.1)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kernel=${1:-6.1}
tmp=$(mktemp -d /tmp/sctrace-clone.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
clone=$tmp/clone
n=0 failed=0
check() { # check NAME DIAGNOSTIC-FILE COMMAND...
	local name=$1 diag=$2
	shift 2
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else
		failed=$((failed + 1)); echo "not ok $n - $name"
		[[ -s $diag ]] && tail -n 15 "$diag" | sed 's/^/# /'
	fi
}

echo "1..4"
{
	git clone -q "$top" "$clone" &&
		cp "$top/tools/vm-run" "$clone/tools/vm-run" &&
		cp "$top/tools/guest/init" "$clone/tools/guest/init"
} >"$tmp/clone.log" 2>&1
check "git clone of $top (HEAD) into $clone" "$tmp/clone.log" test -x "$clone/tools/vm-run"

mark="made by $$ before the run"
mkdir -p "$clone/build" && echo "$mark" >"$clone/build/marker"
# shellcheck disable=SC2016 # expanded in the guest
(cd "$clone" && tools/vm-run --kernel "$kernel" --no-module --timeout 300 -- \
	sh -c 'test -f tools/vm-run && pwd && cat build/marker') >"$tmp/out" 2>"$tmp/err"
st=$?
check "tools/vm-run --kernel $kernel in the clone exits 0 (exit $st)" "$tmp/err" test "$st" = 0
check "the command runs in the clone's path, where it finds tools/vm-run" "$tmp/out" \
	test "$(sed -n 1p "$tmp/out")" = "$clone"
check "the guest reads a file written to the clone's build/ before the run" "$tmp/out" \
	test "$(sed -n 2p "$tmp/out")" = "$mark"
echo "# $n tests, $failed failed"
((failed == 0))
