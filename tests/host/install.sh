#!/usr/bin/env bash
# make install / make uninstall (and the module's install-module /
# uninstall-module) into a DESTDIR under build/, as TAP: the files land
# under DESTDIR/PREFIX, the installed CLI runs, uninstall leaves nothing.
# Usage: tests/host/install.sh [RELEASE KDIR]  (the module part when given)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
dest=$top/build/install-test
rm -rf "$dest"
n=0 failed=0
echo "1..$(($# ? 6 : 4))"
check() { # check NAME COMMAND...
	local name=$1; shift
	n=$((n + 1))
	if "$@" >"$dest.log" 2>&1; then echo "ok $n - $name"; else
		failed=1; echo "not ok $n - $name"; tail -n 20 "$dest.log" | sed 's/^/# /'
	fi
}
files_are() { # files_are FILE...: exactly these regular files under $dest
	diff <(printf '%s\n' "$@" | sort) <(cd "$dest" && find . -type f | sort)
}
check "make install DESTDIR=... PREFIX=/opt/sct" make -s install DESTDIR="$dest" PREFIX=/opt/sct
check "it installs bin/sctrace and man1/sctrace.1 under PREFIX, nothing else" \
	files_are ./opt/sct/bin/sctrace ./opt/sct/share/man/man1/sctrace.1
check "the installed sctrace runs (--help)" "$dest/opt/sct/bin/sctrace" --help
check "make uninstall removes them" sh -c "make -s uninstall DESTDIR='$dest' PREFIX=/opt/sct && [ -z \"\$(find '$dest' -type f)\" ]"
if (($#)); then
	check "make install-module DESTDIR=... puts sctrace.ko in lib/modules/$1/extra" \
		sh -c "make -s install-module DESTDIR='$dest' KERNELRELEASE='$1' KDIR='$2' &&
		       [ -f '$dest/lib/modules/$1/extra/sctrace.ko' ]"
	check "make uninstall-module removes it" \
		sh -c "make -s uninstall-module DESTDIR='$dest' KERNELRELEASE='$1' KDIR='$2' &&
		       [ -z \"\$(find '$dest' -name 'sctrace.ko*')\" ]"
fi
exit $failed
