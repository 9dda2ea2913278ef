#!/bin/bash
# edit.sh: drives rc's line editor (rc/edit.c) through a real terminal in tmux; TAP.
#
# Part one runs test/rc/edittest (a loop of rcedit calls) and checks what each key
# sequence produced; part two does the same with `rc -i` when bin/rc has the editor.

builddir=${top_builddir:-.}
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
edittest=$builddir/test/rc/edittest
rc=$builddir/bin/rc

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
if [ ! -x "$edittest" ]; then
	echo "1..0 # SKIP $edittest not built"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rcedit.XXXXXX") || exit 1
sessions=0
sock=
cleanup() {
	local i
	for i in $(seq $sessions); do
		tmux -L "rcedit$$-$i" kill-server >/dev/null 2>&1
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/rcedit$$-$i"
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

n=0
fails=0
ok() {
	n=$((n+1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails+1))
		echo "not ok $n - $2"
		[ -n "$3" ] && sed 's/^/#	/' <<<"$3"
	fi
}

# start CMD in a fresh 80x24 tmux server and session with output in $work/out
start() {
	[ -n "$sock" ] && tmux -L "$sock" kill-server >/dev/null 2>&1
	sessions=$((sessions+1))
	sock=rcedit$$-$sessions
	: >"$work/out"
	timeout 10 tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
		"cd '$work' && TERM=xterm $1 >'$work/out'; sleep 30"
}

keys() {
	timeout 5 tmux -L "$sock" send-keys "$@"
}

# wait until $work/out has at least N lines (at most 10 s)
waitlines() {
	local i
	for i in $(seq 100); do
		[ "$(wc -l <"$work/out")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

screen() {
	timeout 5 tmux -L "$sock" capture-pane -p
}

# wait until the screen shows a line starting with $1 (at most 10 s; tmux drops
# trailing blanks)
waitscreen() {
	local i
	for i in $(seq 100); do
		screen | grep -q "^$1" && return 0
		sleep 0.1
	done
	return 1
}

# --- the editor alone ---
start "$edittest"
waitlines 1
ok $? "edittest starts"
first=$(sed -n 1p "$work/out")
[ "$first" = editing ]
ok $? "a terminal turns editing on" "got: $first"

# expect KEYS... -- EXPECTED: type keys, wait for the next output line, compare
line=1
expect() {
	local want what
	what=$1
	want=$2
	shift 2
	keys "$@"
	line=$((line+1))
	waitlines $line
	got=$(sed -n ${line}p "$work/out")
	[ "$got" = "$want" ]
	ok $? "$what" "want: $want"$'\n'"got:  $got"$'\n'"screen:"$'\n'"$(screen)"
}

expect "typing a line" "got [hello]" 'hello' Enter
expect "ctrl-A then insert" "got [hello world]" 'world' C-a 'hello ' Enter
expect "left, insert, ctrl-E" "got [aXbcY]" 'abc' Left Left 'X' C-e 'Y' Enter
expect "up recalls the last line" "got [aXbcY]" Up Enter
expect "up twice, then down" "got [aXbcY]" Up Up Down Enter
expect "up up goes further back" "got [hello world]" Up Up Enter
expect "ctrl-B ctrl-F" "got [a1b]" 'ab' C-b C-b C-f '1' Enter
expect "ctrl-K kills to the end" "got [abcd]" 'abcdef' C-b C-b C-k Enter
expect "ctrl-U kills to the start" "got [ef]" 'abcdef' C-b C-b C-u Enter
expect "ctrl-W deletes a word" "got [one two ]" 'one two three' C-w Enter
expect "backspace and ctrl-H" "got [az]" 'abc' BSpace C-h 'z' Enter
expect "ctrl-D deletes under the cursor" "got [yz]" 'xyz' Home C-d End Enter
expect "Delete key" "got [xz]" 'xyz' Left Left DC Enter
expect "UTF-8: moving over multibyte characters" "got [eéllo]" \
	'héllo' C-b C-b C-b C-b BSpace 'e' Enter
expect "ctrl-C abandons the line" "interrupted" 'partial' C-c
expect "after ctrl-C the next line is clean" "got [next]" 'next' Enter
expect "ctrl-L redraws and keeps the line" "got [keep]" 'ke' C-l 'ep' Enter
long=$(printf 'x%.0s' $(seq 150))
expect "a line wider than the terminal" "got [${long}zz]" "$long" 'zz' Enter
expect "home on a long line" "got [S${long}zz]" "$long" 'zz' Home 'S' Enter
expect "ctrl-D on an empty line is end of file" "eof" C-d

# --- plain fallback, no terminal ---
out=$(printf 'one\ntwo' | timeout 5 "$edittest" 2>/dev/null)
[ "$out" = "plain
got [one]
got [two]
eof" ]
ok $? "not a terminal: plain lines, last line without newline" "$out"
start "env TERM=dumb $edittest"
waitlines 1
got=$(sed -n 1p "$work/out")
[ "$got" = plain ]
ok $? "TERM=dumb: plain reads" "got: $got"

# --- rc -i, when bin/rc has the editor ---
if [ -x "$rc" ] && grep -qa rceditadd "$rc" "$builddir"/bin/.libs/*rc 2>/dev/null; then
	rcmain=
	[ -f "$srcdir/rc/rcmain" ] && rcmain="-m $srcdir/rc/rcmain"
	start "env HOME='$work' $rc $rcmain -i"
	waitscreen '%' || echo "# no prompt from rc -i: $(screen)"
	keys 'echo hello' Enter
	waitlines 1
	got=$(sed -n 1p "$work/out")
	[ "$got" = hello ]
	ok $? "rc -i runs a typed line" "got: $got"
	keys 'rld' C-a 'echo wo' Enter
	waitlines 2
	got=$(sed -n 2p "$work/out")
	[ "$got" = world ]
	ok $? "rc -i: ctrl-A and insert" "got: $got"$'\n'"$(screen)"
	keys Up Enter
	waitlines 3
	got=$(sed -n 3p "$work/out")
	[ "$got" = world ]
	ok $? "rc -i: history" "got: $got"$'\n'"$(screen)"
	keys 'if(true)' Enter 'echo after' Enter
	waitlines 4
	got=$(sed -n 4p "$work/out")
	[ "$got" = after ]
	ok $? "rc -i: continuation lines and going on" "got: $got"$'\n'"$(screen)"
	keys 'fn sigint { echo caught }' Enter 'half a line' C-c
	waitlines 5
	got=$(sed -n 5p "$work/out")
	[ "$got" = caught ]
	ok $? "rc -i: ctrl-C at the prompt runs fn sigint" "got: $got"$'\n'"$(screen)"
	keys 'echo still here' Enter
	waitlines 6
	got=$(sed -n 6p "$work/out")
	[ "$got" = 'still here' ]
	ok $? "rc -i: the line after ctrl-C runs" "got: $got"$'\n'"$(screen)"
else
	for what in "rc -i runs a typed line" "rc -i: ctrl-A and insert" "rc -i: history" \
		"rc -i: continuation lines and going on" "rc -i: ctrl-C at the prompt runs fn sigint" \
		"rc -i: the line after ctrl-C runs"; do
		n=$((n+1))
		echo "ok $n - $what # SKIP bin/rc does not use rc/edit.c yet"
	done
fi

echo "1..$n"
[ $fails = 0 ] || echo "# $fails of $n failed"
exit 0
