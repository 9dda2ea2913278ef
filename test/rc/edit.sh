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
		"cd '$work' && TERM=xterm $1 >'$work/out'; echo '[exited]'; sleep 30"
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

# wait until the cursor stands just after a fresh prompt $1 at the start of its line (at
# most 10 s): the editor puts the terminal in raw mode before it draws the prompt, and
# keys that come before that are taken by the terminal's line discipline (ctrl-U kills
# the line, ctrl-C interrupts)
waitready() {
	local i pos y
	for i in $(seq 100); do
		pos=$(timeout 5 tmux -L "$sock" display-message -p '#{cursor_x} #{cursor_y}')
		y=${pos#* }
		if [ "${pos% *}" = "${#1}" ] && [ -n "$y" ] &&
			[ "$(screen | sed -n "$((y+1))p")" = "${1% }" ]; then
			return 0
		fi
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
	waitready '> '
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

# the whole history of the pane, and the number of lines in it starting with rc's prompt
history() {
	timeout 5 tmux -L "$sock" capture-pane -p -S - 2>/dev/null
}
nprompts() {
	history | grep -Ec '^(\^C)?%'
}

# wait until the pane shows at least $1 prompts, the last one on the last line and
# empty (a fresh prompt after ctrl-C; after the terminal's own ^C when that killed a
# command); at most 10 s
waitprompt() {
	local i last
	for i in $(seq 100); do
		last=$(history | sed '/^$/d' | tail -n 1)
		[ "$last" = '[exited]' ] && return 1
		case $last in
		%|^C%)	[ "$(nprompts)" -ge "$1" ] && return 0
		esac
		sleep 0.1
	done
	return 1
}

# interrupts MODE TERM HANDLER: type ctrl-C at each point of line entry in an rc -i
# and check that rc lives on, redraws its prompt, runs fn sigint (HANDLER=sigint)
# once for each, and runs none of the abandoned text
interrupts() {
	local what="rc -i, $1, ${3/none/no handler}" want p=1 caught=
	start "env HOME='$work' TERM=$2 $rc $rcmain -i"
	waitprompt 1 || echo "# no prompt from rc -i: $(screen)"
	if [ "$3" = sigint ]; then
		keys 'fn sigint { echo caught }' Enter
		p=$((p+1))
		waitprompt $p
		caught=caught
	fi
	# each step: what, then the keys before the ctrl-C, separated by |: "Enter%" is
	# a return that ends a command (wait for the next prompt: a ctrl-C flushes what
	# the terminal holds unread), "wait" waits until the command (sleep 4.75) runs
	local steps=(
		"an empty line"			""
		"a comment line"		"#|Enter%|echo x"
		"a command line"		"echo one|Enter%|echo y"
		"a continuation line"		"if(true){|Enter|echo no"
		"a here document"		"cat <<EOF|Enter|doc"
		"a backslash-newline"		"echo a \\|Enter|b"
		"a running command"		"sleep 4.75; echo slept|Enter|wait"
	)
	local i k out expect=()
	for((i = 0; i < ${#steps[@]}; i += 2)); do
		local IFS='|'
		for k in ${steps[i+1]}; do
			case $k in
			Enter)	keys Enter ;;
			Enter%)	keys Enter
				p=$((p+1))
				waitprompt $p ;;
			wait)	for k in $(seq 100); do
					pgrep -f '^sleep 4.75$' >/dev/null && break
					sleep 0.1
				done ;;
			*)	keys -l "$k" ;;
			esac
			[ "$k" = "echo one" ] && expect+=(one)
		done
		unset IFS
		keys C-c
		p=$((p+1))
		[ -n "$caught" ] && expect+=(caught)
		[ "${steps[i]}" = "a running command" ] && [ -n "$caught" ] && expect+=(slept)
		waitprompt $p
		ok $? "$what: ctrl-C after ${steps[i]}: rc prompts again" "$(history | tail -n 5)"
	done
	keys 'echo end' Enter
	expect+=(end)
	waitlines ${#expect[@]}
	want=$(printf '%s\n' "${expect[@]}")
	out=$(cat "$work/out")
	[ "$out" = "$want" ]
	ok $? "$what: what ran" "want:"$'\n'"$want"$'\n'"got:"$'\n'"$out"$'\n'"$(history | tail -n 20)"
}

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
	waitready '% '
	keys 'rld' C-a 'echo wo' Enter
	waitlines 2
	got=$(sed -n 2p "$work/out")
	[ "$got" = world ]
	ok $? "rc -i: ctrl-A and insert" "got: $got"$'\n'"$(screen)"
	waitready '% '
	keys Up Enter
	waitlines 3
	got=$(sed -n 3p "$work/out")
	[ "$got" = world ]
	ok $? "rc -i: history" "got: $got"$'\n'"$(screen)"
	waitready '% '
	keys 'if(true)' Enter 'echo after' Enter
	waitlines 4
	got=$(sed -n 4p "$work/out")
	[ "$got" = after ]
	ok $? "rc -i: continuation lines and going on" "got: $got"$'\n'"$(screen)"
	waitready '% '
	keys 'fn sigint { echo caught }' Enter 'half a line' C-c
	waitlines 5
	got=$(sed -n 5p "$work/out")
	[ "$got" = caught ]
	ok $? "rc -i: ctrl-C at the prompt runs fn sigint" "got: $got"$'\n'"$(screen)"
	waitready '% '
	keys 'echo still here' Enter
	waitlines 6
	got=$(sed -n 6p "$work/out")
	[ "$got" = 'still here' ]
	ok $? "rc -i: the line after ctrl-C runs" "got: $got"$'\n'"$(screen)"
	waitready '% '
	keys 'echo wi'
	sleep 0.3
	timeout 5 tmux -L "$sock" resize-window -x 100 -y 24
	sleep 0.3
	keys 'dth' Enter
	waitlines 7
	got=$(sed -n 7p "$work/out")
	[ "$got" = width ]
	ok $? "rc -i: a window resize keeps the line being typed" "got: $got"$'\n'"$(screen)"

	# ctrl-C at every point of line entry, with and without fn sigint, editing and
	# plain (TERM=dumb: the terminal's own line discipline sends the interrupt)
	for mode in edit plain; do
		term=xterm
		[ $mode = plain ] && term=dumb
		for handler in none sigint; do
			interrupts "$mode" "$term" "$handler"
		done
	done
else
	for what in "rc -i runs a typed line" "rc -i: ctrl-A and insert" "rc -i: history" \
		"rc -i: continuation lines and going on" "rc -i: ctrl-C at the prompt runs fn sigint" \
		"rc -i: the line after ctrl-C runs" "rc -i: a window resize keeps the line being typed"; do
		n=$((n+1))
		echo "ok $n - $what # SKIP bin/rc does not use rc/edit.c yet"
	done
fi

echo "1..$n"
[ $fails = 0 ] || echo "# $fails of $n failed"
exit 0
