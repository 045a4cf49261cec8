#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1 OR MIT
#
# gen-sysdesc.sh types|table TABLE
#
# Turns the syscall table (userspace/decode/syscalls.tbl; its first lines
# say what a line means) into C, on stdout:
#
#   types   enum sct_ctype, one value per .type line    -> sysdesc_types.h
#   table   the descriptions, sorted by name, the memory types with their
#           sizes (each asserted: _Static_assert), the left-out syscalls
#                                                        -> sysdesc_table.h
#
# Either mode reads and checks the whole table first: a line it cannot use
# (an unknown kind, type, class or directive, more than six arguments, a
# copy of an argument that is no pointer, a length argument out of range,
# more items than a capture plan holds...) is reported as TABLE:LINE: why,
# on stderr, and nothing is written (exit 1). The first output line says
# what generated it and from what.
#
# Used by userspace/build.mk; tests/unit/test_sysdesc_gen.c runs it on
# tests/unit/data/ and compares with golden files.
set -eu

if [ $# -ne 2 ] || { [ "$1" != types ] && [ "$1" != table ]; }; then
	echo "usage: $0 types|table TABLE" >&2
	exit 2
fi
mode=$1 table=$2
if [ ! -r "$table" ]; then
	echo "$0: cannot read $table" >&2
	exit 1
fi
LC_ALL=C
export LC_ALL

awk -v mode="$mode" -v src="$table" '
function fail(line, msg) {
	printf "%s:%d: %s\n", src, line, msg > "/dev/stderr"
	nerr++
}
function is_ident(s) {
	return s ~ /^[A-Za-z_][A-Za-z0-9_]*$/
}
function cstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}
function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}
# A pointer: a "*" in the type, or a typedef the table names with .pointer.
function is_pointer(type,   w, n) {
	if (index(type, "*"))
		return 1
	n = split(type, w, " ")
	return (w[n] in ptrtype)
}

BEGIN {
	nerr = 0; nsys = 0; ntype = 0; nleft = 0; cur = 0
	split("int uint hex size off fd dirfd mode pid uid ptr bycmd", v, " ")
	for (i in v)
		valkind[v[i]] = toupper(v[i])
	split("file desc network process memory signal ipc creds clock", v, " ")
	for (i in v)
		classes[v[i]] = "SCT_CLASS_" toupper(v[i])
}

{
	line = $0
	note = ""
	p = index(line, "#")
	if (p) {
		note = trim(substr(line, p + 1))
		line = substr(line, 1, p - 1)
	}
	n = split(line, f, " ")
	if (n == 0)
		next
}

# .type NAME SIZE C-TYPE...: a memory type, SIZE bytes an element, or bits
f[1] == ".type" {
	if (n < 4 || !is_ident(f[2]) || (f[3] !~ /^[0-9]+$/ && f[3] != "bits")) {
		fail(NR, ".type wants NAME SIZE C-TYPE (SIZE: bytes, or bits)")
		next
	}
	if (f[2] in tindex) {
		fail(NR, "type " f[2] " declared twice")
		next
	}
	tindex[f[2]] = ++ntype
	tname[ntype] = f[2]
	tbits[ntype] = f[3] == "bits"
	tsize[ntype] = f[3] == "bits" ? 1 : f[3] + 0
	t = f[4]
	for (i = 5; i <= n; i++)
		t = t " " f[i]
	tctype[ntype] = t
	tline[ntype] = NR
	next
}

# .pointer TYPE...: typedefs that are pointers
f[1] == ".pointer" {
	for (i = 2; i <= n; i++)
		ptrtype[f[i]] = 1
	next
}

# .leftout NAME REASON...: an x86-64 syscall not described, and why
f[1] == ".leftout" {
	if (n < 3 || !is_ident(f[2])) {
		fail(NR, ".leftout wants NAME REASON")
		next
	}
	r = f[3]
	for (i = 4; i <= n; i++)
		r = r " " f[i]
	lname[++nleft] = f[2]
	lwhy[nleft] = note == "" ? r : r " # " note
	lline[nleft] = NR
	next
}

f[1] ~ /^\./ {
	fail(NR, "unknown directive " f[1])
	next
}

# An argument: KIND C-TYPE NAME, indented, under its syscall.
line ~ /^[ \t]/ {
	if (!cur) {
		fail(NR, "an argument line before any syscall")
		next
	}
	if (snargs[cur] == 6) {
		fail(NR, "too many arguments: " sname[cur] " has 6 already (SCTRACE_MAX_ARGS)")
		next
	}
	if (n < 3 || !is_ident(f[n])) {
		fail(NR, "an argument is KIND C-TYPE NAME (\"char * buf\": the * apart)")
		next
	}
	a = snargs[cur]++
	t = f[2]
	for (i = 3; i < n; i++)
		t = t " " f[i]
	akind[cur, a] = f[1]
	atype[cur, a] = t
	aname[cur, a] = f[n]
	anote[cur, a] = note
	aline[cur, a] = NR
	next
}

# A syscall: NAME [%CLASS...] [tp=EVENT] [i386=NAME,...|i386=-]
{
	if (!is_ident(f[1])) {
		fail(NR, "a syscall line starts with its name, not " f[1])
		cur = 0
		next
	}
	if (f[1] in sindex) {
		fail(NR, "syscall " f[1] " described twice (first at line " sline[sindex[f[1]]] ")")
		cur = 0
		next
	}
	cur = ++nsys
	sindex[f[1]] = cur
	sname[cur] = f[1]
	sline[cur] = NR
	sevent[cur] = f[1]
	si386[cur] = f[1]
	sclass[cur] = ""
	sret[cur] = ""
	snoexit[cur] = 0
	ssigret[cur] = 0
	sexec[cur] = 0
	slayout[cur] = ""
	snargs[cur] = 0
	for (i = 2; i <= n; i++) {
		if (f[i] ~ /^%/ && (substr(f[i], 2) in classes)) {
			c = classes[substr(f[i], 2)]
			sclass[cur] = sclass[cur] == "" ? c : sclass[cur] " | " c
		} else if (f[i] ~ /^tp=/ && is_ident(substr(f[i], 4))) {
			sevent[cur] = substr(f[i], 4)
		} else if (f[i] == "ret=hex" || f[i] == "ret=mode") {
			sret[cur] = "SCT_R_" toupper(substr(f[i], 5))
		} else if (f[i] == "noexit") {
			snoexit[cur] = 1
		} else if (f[i] == "sigreturn") {
			ssigret[cur] = 1
		} else if (f[i] == "exec") {
			sexec[cur] = 1
		} else if (f[i] ~ /^layout=/ && is_ident(substr(f[i], 8))) {
			slayout[cur] = substr(f[i], 8)
		} else if (f[i] == "i386=-") {
			si386[cur] = ""
		} else if (f[i] ~ /^i386=[a-z0-9_]+(,[a-z0-9_]+)*$/ &&
			   split(substr(f[i], 6), w, ",") <= 3) {
			si386[cur] = substr(f[i], 6)
		} else {
			fail(NR, "unknown class or option " f[i] " (%CLASS, tp=EVENT, ret=hex, ret=mode, noexit, sigreturn, exec, layout=NAME, i386=NAME[,NAME...] (3 at most) or i386=-)")
		}
	}
	next
}

# The length of a copy, LEN of DIR:TYPE:LEN or iov:N, for argument a of s:
# N (argument N), *N (the u32 argument N points to), ret. Sets clen_src,
# clen_arg; 0 and a message if it cannot be.
function length_of(s, a, len, dir,   i, ptr) {
	clen_arg = 0
	if (len == "ret") {
		if (dir != "out") {
			fail(aline[s, a], "the return value is a length at exit only (out:), not " dir ":")
			return 0
		}
		clen_src = "SCTRACE_LEN_RET"
		return 1
	}
	if (len !~ /^\*?[0-9]$/) {
		fail(aline[s, a], "length " len " is none of N (argument N), *N (what argument N points to), ret")
		return 0
	}
	ptr = substr(len, 1, 1) == "*"
	i = substr(len, length(len)) + 0
	if (i >= snargs[s] || i == a) {
		fail(aline[s, a], "length argument " i " out of range: " sname[s] " has arguments 0.." snargs[s] - 1 \
		     (i == a ? ", and " i " is this one" : ""))
		return 0
	}
	if (ptr && !is_pointer(atype[s, i])) {
		fail(aline[s, a], "length *" i ": argument " i " (" aname[s, i] ") is not a pointer")
		return 0
	}
	if (!ptr && is_pointer(atype[s, i])) {
		fail(aline[s, a], "length " i ": argument " i " (" aname[s, i] ") is a pointer: *" i " for what it points to")
		return 0
	}
	clen_src = ptr ? "SCTRACE_LEN_ARGPTR" : "SCTRACE_LEN_ARG"
	clen_arg = i
	return 1
}

# Records a capture item of argument a of s in phase ph (0 entry, 1 exit).
function cap(s, a, ph, kind, len_src, len_arg, size, flags) {
	capk[s, a, ph] = kind
	capl[s, a, ph] = len_src
	capa[s, a, ph] = len_arg
	caps[s, a, ph] = size
	capf[s, a, ph] = flags
	nitems[s, ph]++
	if (flags ~ /RETRY/)
		nretry[s]++
}

# Resolves the kind of argument a of s: its print kind, memory type and
# capture items; reports what is wrong with it.
function resolve(s, a,   k, nk, dir, what, err, ptr, t, size, flags, ph) {
	nk = split(akind[s, a], k, ":")
	ptr = is_pointer(atype[s, a])
	rkind[s, a] = ""
	rset[s, a] = ""
	rtype[s, a] = "SCT_T_NONE"
	rshown[s, a] = ""
	if (nk == 1 && (k[1] in valkind)) {
		if (ptr && k[1] != "ptr") {
			fail(aline[s, a], "a pointer (" atype[s, a] ") is copied (in:, out:, inout:) or ptr, not " k[1])
			return
		}
		if (ptr && anote[s, a] == "") {
			fail(aline[s, a], "ptr on a pointer argument: say why its memory is not copied (# reason)")
			return
		}
		rkind[s, a] = "SCT_A_" valkind[k[1]]
		return
	}
	if (nk == 2 && (k[1] == "flags" || k[1] == "enum") && is_ident(k[2])) {
		if (ptr) {
			fail(aline[s, a], k[1] " of a pointer (" atype[s, a] "): copy it, or ptr")
			return
		}
		rkind[s, a] = "SCT_A_" toupper(k[1])
		rset[s, a] = k[2]
		return
	}
	# bycmd:TYPE: a value or an address by the command, copied at exit
	# (on error too) as TYPE, all or nothing; the command says if it is one
	if (nk == 2 && k[1] == "bycmd") {
		if (!(k[2] in tindex) || tbits[tindex[k[2]]]) {
			fail(aline[s, a], "bycmd:TYPE wants a fixed-size .type, not " k[2])
			return
		}
		if (anote[s, a] == "") {
			fail(aline[s, a], "bycmd:" k[2] ": say why a copy by command is the whole type (# reason)")
			return
		}
		rkind[s, a] = "SCT_A_BYCMD"
		rtype[s, a] = "SCT_T_" toupper(k[2])
		cap(s, a, 1, "SCTRACE_CAP_BUF", "SCTRACE_LEN_NONE", 0, "sizeof(" tctype[tindex[k[2]]] ")",
		    "SCTRACE_CAP_F_ON_ERROR")
		return
	}
	if (k[1] != "in" && k[1] != "out" && k[1] != "inout" || nk < 2) {
		fail(aline[s, a], "unknown kind " akind[s, a])
		return
	}
	if (!ptr) {
		fail(aline[s, a], "a copy (" akind[s, a] ") of " aname[s, a] ", which is no pointer (" atype[s, a] ")")
		return
	}
	dir = k[1]
	what = k[2]
	err = 0
	if (nk > 2 && k[nk] == "after") {
		if (dir != "inout") {
			fail(aline[s, a], ":after shows after the return value what the call wrote over what it was given: inout: only")
			return
		}
		rshown[s, a] = "SCT_SHOWN_AFTER"
		nk--
	} else if (nk > 2 && (k[nk] == "err" || k[nk] == "erronly" || k[nk] == "pos")) {
		if (dir == "in") {
			fail(aline[s, a], ":" k[nk] " says when the copy at exit is shown: out: or inout:, not in:")
			return
		}
		err = k[nk] != "pos"	# erronly: copied on error (and, for the probes, on success)
		if (k[nk] != "err")
			rshown[s, a] = k[nk] == "pos" ? "SCT_SHOWN_POS" : "SCT_SHOWN_ERR"
		nk--
	}
	if (what == "path" || what == "str") {
		if (nk != 2 || err || rshown[s, a] != "" || dir == "inout") {
			fail(aline[s, a], "strings are in:path, in:str, out:path or out:str")
			return
		}
		rkind[s, a] = what == "path" ? "SCT_A_PATH" : "SCT_A_STR"
		if (dir == "out")	# a path the kernel wrote (getcwd): whole
			cap(s, a, 1, "SCTRACE_CAP_STR", "SCTRACE_LEN_NONE", 0, "0",
			    what == "path" ? "SCTRACE_CAP_F_PATH" : "0")
		else if (what == "path")
			cap(s, a, 0, "SCTRACE_CAP_STR", "SCTRACE_LEN_NONE", 0, "0",
			    "SCTRACE_CAP_F_PATH | SCTRACE_CAP_F_RETRY")
		else
			cap(s, a, 0, "SCTRACE_CAP_STR", "SCTRACE_LEN_NONE", 0, "0", "SCTRACE_CAP_F_RETRY")
		return
	}
	if (what == "argv" || what == "envp") {
		if (dir != "in" || nk != 3 || k[3] !~ /^[0-9]+$/ || k[3] + 0 > 256) {
			fail(aline[s, a], "string arrays are in:" what ":N, N strings copied (0..256)")
			return
		}
		rkind[s, a] = "SCT_A_" toupper(what)
		cap(s, a, 0, "SCTRACE_CAP_STRARR", "SCTRACE_LEN_NONE", 0, k[3] + 0, "0")
		return
	}
	flags = err ? "SCTRACE_CAP_F_ON_ERROR" : "0"
	if (what == "iov" || what == "msg") {
		if ((dir == "inout" && what == "iov") || (what == "iov") != (nk == 3) || nk > 3) {
			fail(aline[s, a], "iovecs are in:iov:N or out:iov:N (N: the count argument), a msghdr in:msg, out:msg or inout:msg")
			return
		}
		# inout:msg: the msghdr alone at entry (msg_namelen given), all at exit
		if (dir == "inout") {
			cap(s, a, 0, "SCTRACE_CAP_BUF", "SCTRACE_LEN_NONE", 0, "sizeof(struct msghdr)", "0")
			dir = "out"
		}
		if (what == "iov") {
			if (!length_of(s, a, k[3], dir))
				return
			if (clen_src != "SCTRACE_LEN_ARG") {
				fail(aline[s, a], "an iovec count is an argument N, not " k[3])
				return
			}
		} else {
			clen_src = "SCTRACE_LEN_NONE"
			clen_arg = 0
		}
		rkind[s, a] = what == "iov" ? "SCT_A_IOV" : "SCT_A_MSG"
		ph = dir == "out"
		cap(s, a, ph, what == "iov" ? "SCTRACE_CAP_IOVEC" : "SCTRACE_CAP_MSGHDR",
		    clen_src, clen_arg, "0", ph ? flags : "0")
		return
	}
	if (!(what in tindex)) {
		fail(aline[s, a], "unknown type or copy " what " (a .type, path, str, argv, envp, iov, msg)")
		return
	}
	t = tindex[what]
	if (nk > 3) {
		fail(aline[s, a], "too many fields in " akind[s, a] " (DIR:TYPE[:LEN][:err])")
		return
	}
	clen_src = "SCTRACE_LEN_NONE"
	clen_arg = 0
	if (nk == 3 && !length_of(s, a, k[3], dir))
		return
	if (tbits[t]) {
		if (nk != 3) {
			fail(aline[s, a], "a bit array (" what ") needs its count: " dir ":" what ":N")
			return
		}
		flags = flags == "0" ? "SCTRACE_CAP_F_BITS" : flags " | SCTRACE_CAP_F_BITS"
	}
	rkind[s, a] = "SCT_A_MEM"
	rtype[s, a] = "SCT_T_" toupper(what)
	size = "sizeof(" tctype[t] ")"
	if (dir != "out")
		cap(s, a, 0, "SCTRACE_CAP_BUF", clen_src, clen_arg, size, tbits[t] ? "SCTRACE_CAP_F_BITS" : "0")
	if (dir != "in")
		cap(s, a, 1, "SCTRACE_CAP_BUF", clen_src, clen_arg, size, flags)
}

function check(s,   a) {
	nitems[s, 0] = 0
	nitems[s, 1] = 0
	nretry[s] = 0
	for (a = 0; a < snargs[s]; a++)
		resolve(s, a)
	# the bounds of driver/sct_plan.h sct_plan_add()
	if (nitems[s, 0] > 4)
		fail(sline[s], sname[s] ": " nitems[s, 0] " items at entry, more than SCTRACE_CAP_MAX_PER (4)")
	if (nitems[s, 1] + nretry[s] > 4)
		fail(sline[s], sname[s] ": " nitems[s, 1] " items at exit and " nretry[s] \
		     " retried strings, more than SCTRACE_CAP_MAX_PER (4) in one exit record")
}

function emit_cap(s, a, ph) {
	if (!((s, a, ph) in capk))
		return
	printf ",\n\t\t  .cap[%s] = { 1, %s, %s, %d, %s, %s }", \
	       ph ? "SCTRACE_CAP_EXIT" : "SCTRACE_CAP_ENTER", capk[s, a, ph], capl[s, a, ph], capa[s, a, ph],
	       caps[s, a, ph], capf[s, a, ph]
}

function emit_sys(s,   a, w, nw, i, l) {
	printf "\t{ .name = %s, .event = %s, .classes = %s, .nargs = %d,%s%s%s%s%s\n", \
	       cstr(sname[s]), cstr(sevent[s]), sclass[s] == "" ? "0" : sclass[s], snargs[s], \
	       sret[s] == "" ? "" : " .ret = " sret[s] ",", snoexit[s] ? " .noexit = 1," : "", \
	       ssigret[s] ? " .sigreturn = 1," : "", \
	       sexec[s] ? " .exec = 1," : "", slayout[s] == "" ? "" : " .layout = " cstr(slayout[s]) ","
	nw = split(si386[s], w, ",")
	l = ""
	for (i = 1; i <= nw; i++)
		l = l (i > 1 ? ", " : "") cstr(w[i])
	printf "\t  .i386 = { %s }, .args = {\n", l == "" ? "NULL" : l
	for (a = 0; a < snargs[s]; a++) {
		printf "\t\t{ .type = %s, .name = %s, .kind = %s", cstr(atype[s, a]), cstr(aname[s, a]), rkind[s, a]
		if (rtype[s, a] != "SCT_T_NONE")
			printf ", .ctype = %s", rtype[s, a]
		if (rset[s, a] != "")
			printf ", .set = %s", cstr(rset[s, a])
		if (rshown[s, a] != "")
			printf ", .shown = %s", rshown[s, a]
		emit_cap(s, a, 0)
		emit_cap(s, a, 1)
		printf " },\n"
	}
	printf "\t} },\n"
}

# Indices 1..m of names x[], sorted (insertion sort: a few hundred).
function sort_names(x, m, order,   i, j, k) {
	for (i = 1; i <= m; i++) {
		k = i
		for (j = i - 1; j >= 1 && x[order[j]] > x[k]; j--)
			order[j + 1] = order[j]
		order[j + 1] = k
	}
}

function emit_types(  t) {
	print "#ifndef SCT_SYSDESC_TYPES_H"
	print "#define SCT_SYSDESC_TYPES_H"
	print ""
	print "/* The memory types of the syscall table (its .type lines). */"
	print "enum sct_ctype {"
	print "\tSCT_T_NONE,\t\t/* no memory: a value */"
	for (t = 1; t <= ntype; t++)
		printf "\tSCT_T_%s,\t/* %s, %s */\n", toupper(tname[t]), tctype[t], tbits[t] ? "bits" : tsize[t]
	print "\tSCT_T_COUNT"
	print "};"
	print ""
	print "#endif /* SCT_SYSDESC_TYPES_H */"
}

function emit_table(  t, i, order) {
	print "/*"
	print " * The syscall descriptions: for userspace/decode/sysdesc.c only, which"
	print " * includes the headers of the types below (decode/kabi.h) first."
	print " */"
	print ""
	print "/* The x86-64 kernel ABI sizes, as the table states them. */"
	for (t = 1; t <= ntype; t++)
		if (!tbits[t])
			printf "_Static_assert(sizeof(%s) == %d, \"%s:%d: %s is not %d bytes\");\n", \
			       tctype[t], tsize[t], src, tline[t], tctype[t], tsize[t]
	print ""
	print "static const struct sct_ctypedesc sct_ctypes[SCT_T_COUNT] = {"
	for (t = 1; t <= ntype; t++)
		printf "\t[SCT_T_%s] = { %s, %s, sizeof(%s), %d },\n", toupper(tname[t]), \
		       cstr(tname[t]), cstr(tctype[t]), tctype[t], tbits[t]
	print "};"
	print ""
	print "/* By name. */"
	print "static const struct sct_sysdesc sct_sysdescs[] = {"
	sort_names(sname, nsys, order)
	for (i = 1; i <= nsys; i++)
		emit_sys(order[i])
	print "};"
	print ""
	print "/* x86-64 syscalls the table does not describe, and why. */"
	print "static const struct sct_leftout sct_leftouts[] = {"
	for (i = 1; i <= nleft; i++)
		printf "\t{ %s, %s },\n", cstr(lname[i]), cstr(lwhy[i])
	if (!nleft)
		print "\t{ NULL, NULL },"
	print "};"
}

END {
	for (s = 1; s <= nsys; s++)
		check(s)
	for (i = 1; i <= nleft; i++)
		if (lname[i] in sindex)
			fail(lline[i], lname[i] " is described (line " sline[sindex[lname[i]]] ") and left out")
	if (!nsys)
		fail(NR, "no syscall described")
	if (nerr) {
		printf "%s: %d error%s in %s\n", "gen-sysdesc.sh", nerr, (nerr > 1 ? "s" : ""), src > "/dev/stderr"
		exit 1
	}
	printf "/* Generated by userspace/decode/gen-sysdesc.sh (%s) from %s: do not edit. */\n", mode, src
	print "/* SPDX-License-Identifier: LGPL-2.1 OR MIT */"
	if (mode == "types")
		emit_types()
	else
		emit_table()
}' "$table"
