#!/bin/sh
# The automatic choice of backend in a guest (a throw-away root: it writes
# to /lib/modules): with the module neither loaded nor installed, sctrace
# uses the eBPF probe and says why; once the module is installed, it loads
# it with modprobe and uses it. Leaves the module loaded, as it found it.
# TAP output. Usage (in the guest): tests/guest/auto.sh KO_PATH
ko=${1:?path of sctrace.ko}
moddir=/lib/modules/$(uname -r)/extra
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/guest/tap.sh
. "${0%/*}/tap.sh"
said_once() { # said_once TEXT: stderr names the backend once, with TEXT
	[ "$(grep -c 'using the' "$tmp/err")" = 1 ] && grep -qF "$1" "$tmp/err"
}

echo "1..2"
rmmod sctrace 2>/dev/null
rm -f "$moddir/sctrace.ko"
depmod
sctrace -e exit_group -- true >"$tmp/out" 2>"$tmp/err"
check "module neither loaded nor installed: eBPF, because it is not built for this kernel" \
	said_once "using the eBPF backend (module not built for kernel $(uname -r): make install or make dkms)"
mkdir -p "$moddir" && cp "$ko" "$moddir/" && depmod
sctrace -e exit_group -- true >"$tmp/out" 2>"$tmp/err"
check "module installed: auto loads it with modprobe and uses it" \
	said_once "using the kernel module backend (module loaded with modprobe sctrace)"
grep -q '^sctrace ' /proc/modules || insmod "$ko"
[ "$failed" = 0 ]
