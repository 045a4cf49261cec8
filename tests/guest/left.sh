# shellcheck shell=sh
# What a tracing session can leave behind once it is gone, for the churn
# tests (tests/guest/startstop.sh, tests/stress/sigkill.sh): sourced after
# they set $tmp. With the module: its reference count above 0 (the device
# open, or a mapping of it, still held). With eBPF: a program or map named
# sct* (bpftool; every program and map of the backend is named so), beside
# the ones a baseline file lists (those of other sessions on a host).
: "${tmp:?set tmp before sourcing left.sh}"

# sct_objs kmod|bpf: one line per object held; fails when bpftool does
sct_objs() {
	if [ "$1" = kmod ]; then
		r=$(cat /sys/module/sctrace/refcnt 2>/dev/null)
		[ "${r:-0}" = 0 ] || echo "module refcount $r"
		return 0
	fi
	for k in prog map; do
		bpftool $k show >"$tmp/.$k" 2>&1 || { head -n 1 "$tmp/.$k" >"$tmp/.err"; return 1; }
	done
	sed -n 's/^\([0-9]*\): .* name \(sct[^ ]*\).*/program \1 \2/p' "$tmp/.prog"
	sed -n 's/^\([0-9]*\): .* name \(sct[^ ]*\).*/map \1 \2/p' "$tmp/.map"
}

# sct_base kmod|bpf FILE: the objects held now (other sessions'), into FILE
sct_base() { sct_objs "$1" >"$2"; }

# sct_left kmod|bpf BASE: the objects held now that BASE does not list (a
# line saying so when bpftool fails)
sct_left() {
	sct_objs "$1" >"$tmp/.now" || { echo "bpftool failed: $(cat "$tmp/.err")"; return 0; }
	grep -v -x -F -f "$2" "$tmp/.now"
	return 0
}

# sct_wait_clean kmod|bpf BASE SECONDS: until nothing beyond BASE is held
# (the kernel frees a closed program and its maps after an RCU grace
# period, from a work item); false, with what is left in $tmp/left, if
# something still is
sct_wait_clean() {
	end=$(($(date +%s) + $3))
	while sct_left "$1" "$2" >"$tmp/left"; [ -s "$tmp/left" ]; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.05
	done
}
