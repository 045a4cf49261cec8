# shellcheck shell=sh
# TAP helpers for the guest suites, sourced after they set $tmp (a
# directory whose file err holds the last command's stderr).
: "${tmp:?set tmp before sourcing tap.sh}"
n=0 failed=0
check() { # check NAME COMMAND...: passes when COMMAND succeeds
	name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else
		failed=$((failed + 1)); echo "not ok $n - $name"
		[ -f "$tmp/err" ] && sed 's/^/# /' "$tmp/err" | tail -n 10
	fi
}
