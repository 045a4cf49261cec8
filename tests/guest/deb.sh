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
# The postinst builds the module for every installed kernel with headers
# (the host's 6.1 and 6.12 are there in every guest; in TCG a DKMS build
# takes minutes): with --only-running the other kernels' headers are
# hidden first, so that DKMS builds for the running kernel alone; without
# it, a test checks that every kernel with headers got the module.
# Usage (in the guest): tests/guest/deb.sh [--only-running] DEB_DIR [KDIR]
only_running=0
if [ "${1:-}" = --only-running ]; then only_running=1; shift; fi
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

# the kernels with headers, but the running one ("" with --only-running)
others=""
for b in /lib/modules/*/build; do
	k=${b#/lib/modules/}; k=${k%/build}
	[ -e "$b/Makefile" ] && [ "$k" != "$rel" ] || continue
	if [ $only_running = 1 ]; then rm "$b"; else others="$others $k"; fi
done
every_kernel() { # the module is installed for each of $others too
	for k in $others; do
		grep -q "sctrace/${ver%-*}, $k, [^:]*: installed" "$tmp/err" || return 1
	done
}

# What the host has of sctrace in DKMS (its root is this guest's: `make
# dkms` there) goes first, in this guest only: the packages are tested on a
# machine without them.
for d in /var/lib/dkms/sctrace /usr/src/sctrace-*; do
	[ -e "$d" ] || continue
	echo "# removed from the guest first (the host has it): $d"
	rm -rf "$d"
done

echo "1..$((9 + (only_running ? 0 : 1)))"
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
if [ $only_running = 0 ]; then
	run dkms status -m sctrace
	check "and for every other installed kernel with headers:$others" every_kernel
fi
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
t0=$(date +%s)
run dpkg --purge sctrace sctrace-dkms
check "dpkg --purge sctrace sctrace-dkms exits 0" [ $? = 0 ]
echo "# dpkg --purge took $(($(date +%s) - t0)) s"
check "after purge: module unloaded, no /dev/sctrace, no sctrace.ko under /lib/modules/$rel" \
	sh -c "! grep -q '^sctrace ' /proc/modules && [ ! -e /dev/sctrace ] && [ -z \"\$(find /lib/modules/$rel -name 'sctrace.ko*')\" ]"
check "after purge: no file of either package, no DKMS tree" nothing_left
[ "$failed" = 0 ]
