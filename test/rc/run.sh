#!/bin/bash
# run.sh: rc conformance suite: runs every test/rc/cases/*.t under rc and prints TAP.
#
# Usage: test/rc/run.sh [case ...]        (names without .t; default: all)
# Environment:
#	RC	the rc to test (default: $top_builddir/bin/rc when top_builddir is set, as under
#		make check; else rc from PATH)
#	RCFLAGS	extra flags; by default "-m $top_srcdir/rc/rcmain" when that file exists and
#		RC is not set, so the in-tree rcmain is used
#	RCTEST_TIMEOUT	seconds per case (default 10)
#
# A case NAME.t is an rc script followed by optional sections, each starting with a line
# "--- SECTION": stdout, stderr, status (a number: rc's exit status), stdin (fed to the
# script), flags (rc flags before the script name), driver (a bash snippet run instead of
# "$RC flags ./t.rc"; it finds the script in ./t.rc and the rc command in $RC; exit 77 skips).
# Missing stdout/stderr mean "empty"; a missing status means 0. The script runs as ./t.rc
# in a fresh temporary directory which is also $HOME, with a clean environment (PATH, HOME,
# LC_ALL=C, RCTEST: the command (a list) that runs the rc under test, for scripts that start
# child rcs).

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
cases=$here/cases
timeout=${RCTEST_TIMEOUT:-10}
if [ -z "$RC" ]; then
	# under make check the rc under test is the build tree's, never a system rc
	if [ -n "$top_builddir" ]; then
		RC=$top_builddir/bin/rc
	else
		RC=$(command -v rc)
	fi
	if [ -z "$RC" ] || [ ! -x "$RC" ]; then
		echo "1..0 # SKIP no rc to test (bin/rc not built?)"
		exit 0
	fi
	if [ -z "${RCFLAGS+set}" ] && [ -f "$srcdir/rc/rcmain" ]; then
		RCFLAGS="-m $srcdir/rc/rcmain"
	fi
fi
RC="$RC ${RCFLAGS:-}"

work=$(mktemp -d "${TMPDIR:-/tmp}/rctest.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

# RCTEST lets a case start a child of the rc under test whatever $path says: a list
# (rc's export format, elements joined by \001) so that no other shell sits in between
# and drops the functions rc exports.
RCTEST=$(printf '%s\001' $RC)
RCTEST=${RCTEST%$'\001'}

if [ $# -gt 0 ]; then
	list=()
	for n in "$@"; do list+=("$cases/${n%.t}.t"); done
else
	list=("$cases"/*.t)
fi

# split NAME.t into DIR/t.rc and DIR/{stdout,stderr,status,stdin,flags,driver}
split() {
	awk -v d="$2" '
	BEGIN { f = d "/t.rc" }
	/^--- (stdout|stderr|status|stdin|flags|driver)$/ {
		close(f); f = d "/want." $2; printf "" >f; next
	}
	{ print >f }' "$1"
}

echo "1..${#list[@]}"
n=0
fails=0
for c in "${list[@]}"; do
	n=$((n+1))
	name=$(basename "$c" .t)
	d=$work/$name
	mkdir -p "$d/run"
	split "$c" "$d"
	mv "$d/t.rc" "$d/run/t.rc"
	[ -f "$d/want.stdout" ] || : >"$d/want.stdout"
	[ -f "$d/want.stderr" ] || : >"$d/want.stderr"
	want=0
	[ -f "$d/want.status" ] && want=$(tr -d ' \n' <"$d/want.status")
	flags=
	[ -f "$d/want.flags" ] && flags=$(tr '\n' ' ' <"$d/want.flags")
	stdin=/dev/null
	[ -f "$d/want.stdin" ] && stdin=$d/want.stdin
	envv=(env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$d/run" LC_ALL=C
		RCTEST="$RCTEST" RC="$RC")
	if [ -f "$d/want.driver" ]; then
		(cd "$d/run" && "${envv[@]}" timeout -k 2 "$timeout" bash "$d/want.driver" \
			<"$stdin" >"$d/got.stdout" 2>"$d/got.stderr")
	else
		(cd "$d/run" && "${envv[@]}" timeout -k 2 "$timeout" $RC $flags ./t.rc \
			<"$stdin" >"$d/got.stdout" 2>"$d/got.stderr")
	fi
	got=$?
	if [ -f "$d/want.driver" ] && [ $got = 77 ]; then
		echo "ok $n - $name # SKIP $(head -n1 "$d/got.stdout")"
		continue
	fi
	bad=
	cmp -s "$d/want.stdout" "$d/got.stdout" || bad="$bad stdout"
	cmp -s "$d/want.stderr" "$d/got.stderr" || bad="$bad stderr"
	[ "$got" = "$want" ] || bad="$bad status"
	if [ -z "$bad" ]; then
		echo "ok $n - $name"
	else
		fails=$((fails+1))
		echo "not ok $n - $name (wrong$bad)"
		[ $got = 124 ] && echo "#	timed out after ${timeout}s"
		for s in stdout stderr; do
			cmp -s "$d/want.$s" "$d/got.$s" ||
				diff -a -u --label "want $s" --label "got $s" \
					"$d/want.$s" "$d/got.$s" | head -n 40 | sed 's/^/#	/'
		done
		[ "$got" = "$want" ] || echo "#	status: want $want, got $got"
	fi
done
[ $fails = 0 ] || echo "# $fails of $n cases failed"
exit 0
