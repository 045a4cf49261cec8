#!/usr/bin/env bash
# The module through DKMS, as a distribution user installs it, as TAP:
# dkms add, build for every release given, install, check the installed
# module's vermagic, remove. Touches only the sctrace DKMS entry.
# Usage: tests/host/dkms.sh RELEASE...
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
log=$top/build/dkms.log
mkdir -p "$top/build"; : >"$log"
n=0 failed=0
echo "1..$((1 + 3 * $# + 1))"
step() { # step NAME COMMAND...
	local name=$1; shift
	n=$((n + 1))
	echo "\$ $*" >>"$log"
	if "$@" >>"$log" 2>&1; then echo "ok $n - $name"; else
		failed=1; echo "not ok $n - $name"; tail -n 25 "$log" | sed 's/^/# /'
	fi
}
vermagic_is() { # the installed module is the one built for $1
	local f
	f=$(find "/lib/modules/$1/updates/dkms" -name 'sctrace.ko*' | head -n 1)
	[[ -n $f ]] && modinfo -F vermagic "$f" | grep -q "^$1 "
}
dkms remove "sctrace/$ver" --all >/dev/null 2>&1
step "dkms add sctrace/$ver" sh -c "'$top/tools/dkms-stage' >/dev/null && dkms add 'sctrace/$ver'"
for rel in "$@"; do
	step "dkms build -k $rel" dkms build "sctrace/$ver" -k "$rel"
	step "dkms install -k $rel" dkms install "sctrace/$ver" -k "$rel" --force
	step "installed module has vermagic $rel" vermagic_is "$rel"
done
# (and the sources tools/dkms-stage put in /usr/src: guests see this root)
step "dkms remove" sh -c "dkms remove 'sctrace/$ver' --all && rm -rf '/usr/src/sctrace-$ver'"
exit $failed
