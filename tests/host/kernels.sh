#!/usr/bin/env bash
# The module against the prebuilt kernels of ../shared/kernels (5.4, 5.10,
# 5.15, 6.1-debug: tools/prebuilt-kernel unpacks their headers trees into
# build/kernels/), on the host, as TAP:
#   - it builds with W=1 and no warning or error in its own files (a
#     warning the kernel's own headers give under W=1 with this compiler,
#     5.10's mmzone.h, is shown as a note, not counted);
#   - DKMS builds it from dkms.conf against each tree;
#   - on a kernel it does not support it stops at once with one line that
#     says why, no compiler error: a copy of the 5.4 tree without syscall
#     tracepoints (then DKMS skips that kernel, exit 77, BUILD_EXCLUSIVE),
#     and one without copy_struct_from_user() (older than 5.4).
# Without ../shared/kernels, every test is skipped with the reason.
# Touches only the sctrace DKMS entry (removed at the end).
# Usage: tests/host/kernels.sh
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mapfile -t series < <(tools/prebuilt-kernel --list)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
work=build/kernels-test
rm -rf "$work"; mkdir -p "$work"
n=0 failed=0
echo "1..$((2 * ${#series[@]} + 5))"
ok() { n=$((n + 1)); echo "ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
not_ok() { # not_ok NAME LOG
	n=$((n + 1)); failed=1; echo "not ok $n - $1"
	[[ -f ${2:-} ]] && tail -n 30 "$2" | sed 's/^/# /'
}
# Copies the driver to DIR and builds it against KDIR with make ARGS...
build_in() { # build_in DIR KDIR LOG ARGS...
	local dir=$1 kdir=$2 log=$3; shift 3
	mkdir -p "$dir"
	cp driver/*.[ch] driver/Kbuild "$dir"/
	make -C "$kdir" M="$top/$dir" "$@" modules >"$log" 2>&1
}
# The build failed with one "sctrace: cannot build" line naming $2, and
# no compiler ran at all.
stopped_early() { # stopped_early LOG TEXT
	grep -q "\*\*\* sctrace: cannot build for kernel .*$2" "$1" &&
		! grep -q -E 'error:|warning:| CC ' "$1"
}

declare -A kdir rel why
for s in "${series[@]}"; do
	if d=$(tools/prebuilt-kernel --dir "$s" 2>"$work/why-$s"); then
		kdir[$s]=$d rel[$s]=$(cat "$d/release")	# $d is absolute
	else
		why[$s]=$(cat "$work/why-$s")
	fi
done

for s in "${series[@]}"; do
	name="W=1 build against $s (${rel[$s]:-?}): no warning or error in sctrace's files"
	if [[ -z ${kdir[$s]:-} ]]; then skip "$name" "${why[$s]}"; continue; fi
	log=$work/w1-$s.log
	if ! build_in "$work/w1-$s" "${kdir[$s]}/build" "$log" W=1; then
		not_ok "$name" "$log"
	elif grep -E 'warning:|error:' "$log" | grep -v -q -E '^\./include/|^\./arch/'; then
		not_ok "$name" "$log"
	else
		ok "$name"
		grep -E 'warning:' "$log" | sort | uniq -c |
			sed 's/^ */# note: the kernel'"'"'s own headers under W=1: /'
	fi
done

dkms remove "sctrace/$ver" --all >/dev/null 2>&1
have_dkms=0
if tools/dkms-stage >/dev/null && dkms add "sctrace/$ver" >"$work/dkms-add.log" 2>&1; then
	have_dkms=1
fi
for s in "${series[@]}"; do
	name="dkms build -k ${rel[$s]:-$s} against its headers tree"
	if [[ -z ${kdir[$s]:-} ]]; then skip "$name" "${why[$s]}"; continue; fi
	if ((!have_dkms)); then not_ok "$name" "$work/dkms-add.log"; continue; fi
	log=$work/dkms-$s.log
	if dkms build "sctrace/$ver" -k "${rel[$s]}" --kernelsourcedir "${kdir[$s]}/build" --force \
		>"$log" 2>&1; then
		ok "$name"
	else
		cat "/var/lib/dkms/sctrace/$ver/build/make.log" >>"$log" 2>/dev/null
		not_ok "$name" "$log"
	fi
done

# Two copies of the 5.4 tree (hard links; what is changed is replaced,
# never written through), each lacking what the module needs: make must
# stop at once saying so, and DKMS either skip the kernel (exit 77, its
# BUILD_EXCLUSIVE_CONFIG) or stop there too (its make.log says why).
dkms_skips() { (($1 == 77)) && grep -q BUILD_EXCLUSIVE "$2"; }
dkms_stops() { (($1 != 0)) && stopped_early "$2" "$3"; }
unsupported() { # unsupported TREE WHAT TEXT DKMS_WHAT DKMS_CHECK
	local tree=$1 what=$2 text=$3 key log st
	key=${tree##*/}
	if [[ -z ${kdir[5.4]:-} ]]; then
		skip "$what: make stops at once, saying so" "${why[5.4]:-no 5.4 tree}"
		skip "$what: $4" "${why[5.4]:-no 5.4 tree}"
		return
	fi
	log=$work/$key.log
	if ! build_in "$work/m-$key" "$tree" "$log" && stopped_early "$log" "$text"; then
		ok "$what: make stops at once, saying so"
		grep -h '\*\*\* sctrace' "$log" | sed 's/^/# /'
	else not_ok "$what: make stops at once, saying so" "$log"; fi
	log=$work/dkms-$key.log
	dkms build "sctrace/$ver" -k "${rel[5.4]}" --kernelsourcedir "$top/$tree" --force >"$log" 2>&1
	st=$?
	cat "/var/lib/dkms/sctrace/$ver/build/make.log" >>"$log" 2>/dev/null
	if ((have_dkms)) && "$5" "$st" "$log" "$text"; then ok "$what: $4"
	else echo "exit status $st" >>"$log"; not_ok "$what: $4" "$log"; fi
}
notp=$work/tree-notp old=$work/tree-old
if [[ -n ${kdir[5.4]:-} ]]; then
	cp -al "${kdir[5.4]}/build" "$notp"
	sed -i '/^CONFIG_FTRACE_SYSCALLS=/d' "$notp/.config" "$notp/include/config/auto.conf"
	cp -al "${kdir[5.4]}/build" "$old"
	sed -i 's/copy_struct_from_user/sct_removed_for_the_test/g' "$old/include/linux/uaccess.h"
fi
unsupported "$notp" "no syscall tracepoints" "no syscall tracepoints" \
	"DKMS skips the kernel (exit 77)" dkms_skips
unsupported "$old" "older than 5.4 (no copy_struct_from_user())" "too old" \
	"DKMS's build stops there too (its make.log says why)" dkms_stops

name="dkms remove sctrace/$ver"
# (and the sources tools/dkms-stage put in /usr/src: guests see this root)
if dkms remove "sctrace/$ver" --all >"$work/dkms-remove.log" 2>&1 &&
	rm -rf "/usr/src/sctrace-$ver"; then ok "$name"
else not_ok "$name" "$work/dkms-remove.log"; fi
exit $failed
