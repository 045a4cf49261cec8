#!/bin/sh
# The Debian packages (make deb) installed as a user would, in a guest
# booted without the module (a throw-away root: dpkg changes only the
# guest): dpkg -i builds the module with DKMS for the running kernel,
# modprobe loads it, sctrace traces through it, dpkg --purge leaves
# nothing behind (no module, no /dev/sctrace, no file of either package,
# no DKMS tree). TAP output.
# A kernel whose headers are not installed (the prebuilt ones of
# ../shared/kernels) is given its headers tree as KDIR: it becomes
# /lib/modules/<release>/build, as a linux-headers package would make it.
# Usage (in the guest): tests/guest/deb.sh DEB_DIR [KDIR]
debs=${1:?directory of the .deb files}
kdir=${2:-}
rel=$(uname -r)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/guest/tap.sh
. "${0%/*}/tap.sh"
ver=$(dpkg-deb -f "$debs"/sctrace-dkms_*_all.deb Version)
run() { # run COMMAND...: its output in $tmp/err (shown if a check fails)
	"$@" >"$tmp/err" 2>&1
}
no_module_file() {
	[ -z "$(find "/lib/modules/$rel" -name 'sctrace.ko*' 2>/dev/null)" ]
}
nothing_left() { # no file of either package, no DKMS tree, no sources
	: >"$tmp/err"
	for p in sctrace sctrace-dkms; do
		dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qv '^not-installed$' &&
			echo "$p is still known to dpkg" >>"$tmp/err"
	done
	for f in /usr/bin/sctrace /usr/share/man/man1/sctrace.1.gz /usr/src/sctrace-"${ver%-*}" \
		/var/lib/dkms/sctrace /usr/share/doc/sctrace /usr/share/doc/sctrace-dkms; do
		[ -e "$f" ] && echo "$f is left" >>"$tmp/err"
	done
	[ ! -s "$tmp/err" ]
}

echo "1..9"
if [ -n "$kdir" ] && [ ! -e "/lib/modules/$rel/build" ]; then
	mkdir -p "/lib/modules/$rel" && ln -s "$kdir" "/lib/modules/$rel/build"
fi
check "before: no sctrace module loaded or installed for $rel" \
	sh -c "! grep -q '^sctrace ' /proc/modules && [ ! -e /dev/sctrace ] && [ -z \"\$(find /lib/modules/$rel -name 'sctrace.ko*')\" ]"
t0=$(date +%s)
run dpkg -i "$debs"/sctrace_*_amd64.deb "$debs"/sctrace-dkms_*_all.deb
check "dpkg -i sctrace sctrace-dkms ($ver) exits 0" [ $? = 0 ]
echo "# dpkg -i took $(($(date +%s) - t0)) s (DKMS build included)"
run dkms status -m sctrace -k "$rel"
check "DKMS built and installed the module for the running kernel $rel" \
	grep -q "sctrace/${ver%-*}, $rel, [^:]*: installed" "$tmp/err"
run modprobe sctrace
check "modprobe sctrace loads it, /dev/sctrace appears" \
	sh -c "grep -q '^sctrace ' /proc/modules && [ -c /dev/sctrace ]"
run /usr/bin/sctrace -o "$tmp/out" -- ls /
st=$?
cat "$tmp/out" >>"$tmp/err"
check "the installed sctrace -- ls / traces through the module" \
	sh -c "[ $st = 0 ] && grep -q 'using the kernel module backend' '$tmp/err' &&
	       grep -q '^execve(\"/[a-z/]*ls\", \\[\"ls\", \"/\"\\]' '$tmp/out' &&
	       grep -q '^getdents64(' '$tmp/out' && tail -n 1 '$tmp/out' | grep -qx '+++ exited with 0 +++'"
run man -w sctrace
check "its manual page is installed (man -w sctrace)" [ $? = 0 ]
run dpkg --purge sctrace sctrace-dkms
check "dpkg --purge sctrace sctrace-dkms exits 0" [ $? = 0 ]
check "after purge: module unloaded, no /dev/sctrace, no sctrace.ko under /lib/modules/$rel" \
	sh -c "! grep -q '^sctrace ' /proc/modules && [ ! -e /dev/sctrace ] && [ -z \"\$(find /lib/modules/$rel -name 'sctrace.ko*')\" ]"
check "after purge: no file of either package, no DKMS tree" nothing_left
[ "$failed" = 0 ]
