#!/usr/bin/env bash
# tools/bench/peers.sh: installs the tracers tools/bench-run compares
# sctrace with, from Debian's archive, only those missing:
#   strace, linux-perf, bpftrace, gnuplot-nox (the chart),
#   sysdig + falcosecurity-scap-dkms, lttng-tools + lttng-modules-dkms.
# Two of Debian 12's DKMS packages do not build for every kernel we test,
# and a failed DKMS build leaves dpkg half-configured (every later apt-get
# install fails). So, before installing them, this limits them with DKMS's
# own per-module override files (/etc/dkms/<module>[-<version>].conf):
#   scap 0.1.1 (2022):  builds for 6.1 only (6.12 changed class_create,
#                       struct fd, removed strlcpy)
#   lttng-modules 2.13.9: builds for neither Debian 6.1.0-56 (a backport
#                       added hrtimer_start's was_armed argument) nor 6.12
#                       (strlcpy, uprobe_register, sched_stat_runtime):
#                       the packaged copy builds for no kernel, and an
#                       adapted copy, lttng-modules/2.13.9+sct (the
#                       hrtimer_start probe with was_armed), is built with
#                       dkms for the 6.1 kernels whose headers have it.
# Usage: tools/bench/peers.sh   (root)
set -euo pipefail

say() { echo "peers: $*" >&2; }
installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

apt_install() {
	local missing=() p
	for p in "$@"; do installed "$p" || missing+=("$p"); done
	((${#missing[@]})) || return 0
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	local apt=(apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
	"${apt[@]}" "${missing[@]}" >&2 || { apt-get update -qq >&2 && "${apt[@]}" "${missing[@]}" >&2; }
}

# /etc/dkms/NAME.conf limiting a DKMS module to kernels matching REGEX.
dkms_limit() { # dkms_limit NAME REGEX WHY
	local f=/etc/dkms/$1.conf
	[[ -f $f ]] && grep -qF "BUILD_EXCLUSIVE_KERNEL=\"$2\"" "$f" && return
	mkdir -p /etc/dkms
	printf '# written by sctrace tools/bench/peers.sh: %s\nBUILD_EXCLUSIVE_KERNEL="%s"\n' "$3" "$2" >"$f"
}

# Kernel releases of series $1 (6.1, 6.12) with headers installed.
releases() {
	local d
	for d in /lib/modules/"$1".*-amd64; do
		[[ -f $d/build/Makefile ]] && basename "$d"
	done
	return 0
}

lttng_adapted() {
	local src=/usr/src/lttng-modules-2.13.9 ver=2.13.9+sct rel hdr
	local dst=/usr/src/lttng-modules-$ver
	for rel in $(releases 6.1); do
		hdr=/usr/src/linux-headers-${rel%-amd64}-common/include/trace/events/timer.h
		grep -A3 'TRACE_EVENT(hrtimer_start' "$hdr" 2>/dev/null | grep -q was_armed || continue
		[[ -d /var/lib/dkms/lttng-modules/$ver/$rel ]] && continue
		if [[ ! -d $dst ]]; then
			cp -a "$src" "$dst"
			# the >= 4.16 hrtimer_start probe, with the backported argument
			sed -i 's/TP_PROTO(struct hrtimer \*hrtimer, enum hrtimer_mode mode),/TP_PROTO(struct hrtimer *hrtimer, enum hrtimer_mode mode, bool was_armed),/;
				s/TP_ARGS(hrtimer, mode),/TP_ARGS(hrtimer, mode, was_armed),/' \
				"$dst/include/instrumentation/events/timer.h"
			sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$dst/dkms.conf"
			dkms add "lttng-modules/$ver" >&2
		fi
		say "building lttng-modules/$ver for $rel (a few minutes)"
		dkms install "lttng-modules/$ver" -k "$rel" >&2 ||
			say "lttng-modules/$ver does not build for $rel: LTTng will be n/a there"
	done
}

apt_install strace linux-perf bpftrace gnuplot-nox lttng-tools
dkms_limit scap '^6\.1\.' "Debian's scap snapshot (2022) does not build for 6.12"
dkms_limit lttng-modules-2.13.9 '^no-kernel$' \
	"Debian's lttng-modules 2.13.9 builds for neither 6.1.0-56 nor 6.12; see lttng-modules/2.13.9+sct"
apt_install sysdig falcosecurity-scap-dkms lttng-modules-dkms
lttng_adapted
