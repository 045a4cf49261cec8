#!/bin/sh
# The automatic choice of backend in a guest (a throw-away root: it writes
# to /lib/modules): with the module neither loaded nor installed, sctrace
# uses the eBPF probe and says why; once the module is installed, it loads
# it with modprobe and uses it. On a kernel without BTF, where the eBPF
# probe cannot run: with no module, sctrace fails and says what each
# backend lacks; with the module, it uses it and says why not eBPF.
# Leaves the module loaded, as it found it.
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
rel=$(uname -r)
no_btf="kernel $rel has no BTF (/sys/kernel/btf/vmlinux: No such file or directory)"
not_built="module not built for kernel $rel: install sctrace-dkms, or make dkms"
fails_naming_both() { # no trace, exit 1, an error naming both reasons
	[ "$1" = 1 ] && ! grep -q 'using the' "$tmp/err" &&
		grep -qF "$not_built" "$tmp/err" && grep -qF "$no_btf" "$tmp/err"
}
# runs sctrace (the automatic choice) once: $st, $tmp/err
run_auto() { sctrace -e exit_group -- true >"$tmp/out" 2>"$tmp/err"; st=$?; }
has_btf() { [ -r /sys/kernel/btf/vmlinux ]; }
run_auto
if has_btf; then
	check "module neither loaded nor installed: eBPF, because it is not built for this kernel" \
		said_once "using the eBPF backend ($not_built)"
else
	check "no BTF, module neither loaded nor installed: fails, saying what each backend lacks" \
		fails_naming_both "$st"
fi
mkdir -p "$moddir" && cp "$ko" "$moddir/" && depmod
run_auto
modprobed="using the kernel module backend (module loaded with modprobe sctrace"
if has_btf; then
	check "module installed: auto loads it with modprobe and uses it" said_once "$modprobed)"
else
	check "no BTF, module installed: auto loads it with modprobe, uses it and says why not eBPF" \
		said_once "$modprobed; the eBPF backend cannot run here: $no_btf)"
fi
grep -q '^sctrace ' /proc/modules || insmod "$ko"
[ "$failed" = 0 ]
