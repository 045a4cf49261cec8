#!/usr/bin/env bash
# make check-long-fuzz: the kernel-side fuzzers (tests/stress) for
# FUZZ_LONG_OPS operations each from seed FUZZ_LONG_SEED, in a 6.1-debug
# guest (KASAN, lockdep, UBSAN, KFENCE: ../shared/kernels), the module
# built against its headers tree. One guest per fuzzer, one qemu thread
# (start/stop and hotplug races: tools/vm-run --tcg). The TAP of each goes
# to build/check-long/<fuzzer>.tap, the guest's console beside it; a
# kernel report after the guest's init fails the run (vm-run exit 125; the
# console at log level 7, so its backtrace is kept even if the run hangs).
# Usage: tests/stress/long.sh [fuzz_dev|fuzz_bpfmaps]...
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
ops=${FUZZ_LONG_OPS:-1000000}
seed=${FUZZ_LONG_SEED:-17}
timeout=${FUZZ_LONG_TIMEOUT:-21600}
out=build/check-long
mkdir -p "$out"
fuzzers=("$@")
((${#fuzzers[@]})) || fuzzers=(fuzz_dev fuzz_bpfmaps)

if ! kd=$(tools/prebuilt-kernel --dir 6.1-debug 2>"$out/prebuilt.why"); then
	for f in "${fuzzers[@]}"; do
		{ echo "1..1"; echo "ok 1 - $f # SKIP $(cat "$out/prebuilt.why")"; } >"$out/$f.tap"
	done
	cat "$out"/*.tap
	exit 0
fi
rel=$(cat "$kd/release")
ko=$top/build/kmod/$rel/sctrace.ko
make -s userspace selftests || exit 1
make -s module KERNELRELEASE="$rel" KDIR="$kd/build" || exit 1
st=0
for f in "${fuzzers[@]}"; do
	echo "== $f: $ops operations, seed $seed, 6.1-debug guest"
	t0=$SECONDS
	extra=()	# a reader's probe takes tens of seconds to load under KASAN
	[[ $f == fuzz_bpfmaps ]] && extra=(--reader-secs 60)
	tools/vm-run --kernel 6.1-debug --tcg single --timeout "$timeout" --loglevel 7 --no-build \
		--module "$ko" --console-log "$out/$f.console" -- \
		env SCTRACE_KO="$ko" "build/tests/stress/$f" --seed "$seed" --ops "$ops" \
		--hang 600 "${extra[@]}" >"$out/$f.tap" 2>&1
	vst=$?
	echo "# vm-run exit status $vst, $((SECONDS - t0)) s" >>"$out/$f.tap"
	cat "$out/$f.tap"
	((vst == 0)) || st=1
done
exit $st
