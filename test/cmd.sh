#!/bin/bash
# test/cmd.sh: TAP tests of 9p, 9pcon, srv and listen1 against ramfs in a private srv directory.

export NAMESPACE=$(mktemp -d /tmp/planten-cmdtest.XXXXXX)
T=$NAMESPACE/tmp
mkdir -p "$T"
pids=()
uniq=cmdtest${NAMESPACE##*.}	# a srv name no other test uses

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	# srv in daemon mode runs in a session of its own: find it by its unique command line
	for p in $(pgrep -f -- "srv -e ramfs -i $uniq" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	# posted ramfs daemons go when their names are removed; kill those of this srv directory
	for p in $(pgrep -f -- "ramfs -s" 2>/dev/null); do
		tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qxF "NAMESPACE=$NAMESPACE" &&
			kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$NAMESPACE"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
fails=0
ok() {
	n=$((n+1))
	echo "ok $n - $1"
}
notok() {
	local l
	n=$((n+1))
	fails=$((fails+1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		echo "$l" | head -c 800 | sed 's/^/# /'
	done
}
# check what cmd...: ok when cmd succeeds; on failure show its output.
check() {
	local what=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$what"
	else
		notok "$what" "$(cat "$T/check.out")"
	fi
}
# waitfor cmd...: retry cmd for up to 5 s.
waitfor() {
	local i
	for i in $(seq 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# run with a time limit, so nothing can hang the suite
t() {
	timeout 20 "$@"
}
# same what want cmd...: ok when cmd succeeds printing exactly want.
same() {
	local what=$1 want=$2 got
	shift 2
	got=$(t "$@" 2>&1)
	if [ $? = 0 ] && [ "$got" = "$want" ]; then
		ok "$what"
	else
		notok "$what" "want: $want" "got: $got"
	fi
}
# fails what status stderr-line cmd...: ok when cmd exits with status and prints that error.
fails() {
	local what=$1 want=$2 line=$3 st
	shift 3
	t "$@" >/dev/null 2>"$T/err"
	st=$?
	if [ $st = "$want" ] && grep -Fqx -- "$line" "$T/err"; then
		ok "$what"
	else
		notok "$what" "status $st" "$(cat "$T/err")"
	fi
}

# --- 9p against a ramfs posted in the private srv directory ---
ramfs -s ram		# returns once the name is posted, serving in the background
ramfs -s small -l 2k
ramfs -s closed <&- >&- 2>&-
same "ramfs -s started with standard input, output and error closed" "" 9p ls closed
t 9p create small/f
fails "9p write -l goes on after a failed line and exits 1" 1 "9p: write: file system full" \
	bash -c 'printf "a\n%04000d\nb\n" 0 | 9p write -l small/f'
same "9p write -l wrote the lines that fit" "$(printf 'a\nb')" 9p read small/f

same "9p ls of an empty ramfs" "" 9p ls ram
fails "9p write does not create files" 1 "9p: open ram/hello: file does not exist" \
	9p write ram/hello
t 9p create ram/hello ram/big ram/lines
printf 'hello, world\n' | t 9p write ram/hello
same "9p write then read" "hello, world" 9p read ram/hello
same "9p readfd" "hello, world" 9p readfd ram/hello
printf 'bye\n' | t 9p writefd ram/hello
same "9p writefd truncates" "bye" 9p read ram/hello

head -c 3000000 /dev/urandom >"$T/big"
t 9p write ram/big <"$T/big"
t 9p read ram/big >"$T/big.out"
check "9p write and read 3 MB" cmp "$T/big" "$T/big.out"
t 9p -a "unix!$NAMESPACE/ram" read big >"$T/big.out2"
check "9p -a unix!path" cmp "$T/big" "$T/big.out2"

t 9p create ram/empty
check "9p create" grep -q "^'empty' .* m 0666 .* l 0 " <(t 9p stat ram/empty)
t 9p create -m 0600 ram/private
check "9p create -m" grep -q " m 0600 " <(t 9p stat ram/private)
t 9p create -d ram/dir1
check "9p create -d" grep -q " m 020000000777 " <(t 9p stat ram/dir1)
t 9p mkdir ram/dir2 ram/dir2/sub
check "9p mkdir" grep -q "^d-rwxrwxrwx M 0 .* sub$" <(t 9p ls -l ram/dir2)
fails "9p create -m with a bad mode" 1 "9p: bad mode 0999" 9p create -m 0999 ram/x
fails "9p create -m with a mode past 32 bits" 1 "9p: bad mode 040000000777" \
	9p create -m 040000000777 ram/x
printf 'a\nbb\nccc\n' | t 9p write -l ram/lines
same "9p write -l" "$(printf 'a\nbb\nccc')" 9p read ram/lines

same "9p ls sorts by name" "$(printf '%s\n' big dir1 dir2 empty hello lines private)" \
	9p ls ram
check "9p ls -n lists everything" diff <(t 9p ls ram) <(t 9p ls -n ram | sort)
t 9p ls -l ram >"$T/lsl"
check "9p ls -l" grep -Eq \
	"^--rw-rw-rw- M 0 [^ ]+ +[^ ]+ +3000000 [A-Z][a-z]{2} [ 1-3][0-9] [0-9 :]{5} big$" "$T/lsl"
check "9p ls -l aligns the columns" grep -Eq "^--rw------- M 0 [^ ]+ +[^ ]+ +0 .* private$" "$T/lsl"
same "9p ls -d" "dir2" 9p ls -d ram/dir2
same "9p ls of a file" "hello" 9p ls ram/hello
t 9p mkdir ram/tdir
t 9p create ram/tdir/old
sleep 1.1
t 9p create ram/tdir/new
same "9p ls -t puts the newest first" "$(printf 'new\nold')" 9p ls -t ram/tdir
same "9p ls of several names" "$(printf 'hello\nnew\nold')" 9p ls ram/hello ram/tdir

same "9p rdwr" "$(printf 'bye\n\nbye\nsecond\n')" 9p rdwr ram/hello <<<"second"

t 9p rm ram/empty ram/dir2/sub
fails "9p rm" 1 "9p: dirstat ram/empty: file does not exist" 9p stat ram/empty
fails "9p rm of a missing file" 1 "9p: remove ram/nonexistent: file does not exist" \
	9p rm ram/nonexistent
fails "9p read of a missing file" 1 "9p: open ram/nonexistent: file does not exist" \
	9p read ram/nonexistent
fails "9p ls of a missing file" 1 "9p: dirstat ram/nonexistent: file does not exist" \
	9p ls ram/nonexistent
fails "9p on a missing service" 1 \
	"9p: dial nosuchservice: $(t 9p ls nosuchservice 2>&1 | sed 's/.*nosuchservice: //')" \
	9p ls nosuchservice
fails "9p with a bad command prints usage" 1 \
	"usage: 9p [-n] [-D] [-a address] [-A aname] cmd args..." 9p bogus
fails "9p ls with no name asks for a service" 1 \
	"9p: ls: name a service: ls service[/path], or use -a address" 9p ls
t 9p -D ls ram/dir1 2>"$T/trace"
check "9p -D traces what it sends" grep -q "^-> Tversion tag 65535 msize" "$T/trace"
check "9p -D traces what it receives" grep -q "^<- Rattach tag" "$T/trace"

# --- 9pcon: a transcript against a fresh ramfs on its standard input and output ---
cat >"$T/con.in" <<'EOF'
# a comment, then a blank line

Tversion 8192 9P2000
Tattach 0 ~0 glenda ''
Twalk 0 1
Tcreate 1 file 0644 2
Twrite 1 0 'hello world'
Tread 1 0 100
Tread 1 6 3
Tclunk 1
Twalk 0 2 file
Topen 2 0
Twrite 2 0 nope
Twalk 0 3 missing
Tbogus 1 2
Twalk 0
Topen x 0
@77 Tclunk 2
nexttag 500
Tclunk 2
Tremove 0
EOF
cat >"$T/con.want" <<'EOF'
Rversion tag 65535 msize 8192 version '9P2000'
Rattach tag 0 qid Q
Rwalk tag 1 nwqid 0 
Rcreate tag 2 qid Q iounit 0
Rwrite tag 3 count 11
Rread tag 4 count 11 'hello world'
Rread tag 5 count 3 'wor'
Rclunk tag 6
Rwalk tag 7 nwqid 1 0:Q 
Ropen tag 8 qid Q iounit 0
Rerror tag 9 ename file not open for writing
Rerror tag 10 ename file does not exist
Rclunk tag 77
Rerror tag 500 ename unknown fid
Rerror tag 501 ename permission denied
EOF
cat >"$T/conerr.want" <<'EOF'
9pcon: line 15: unknown message Tbogus
9pcon: line 16: wrong number of arguments: usage: Twalk fid newfid [name...]
9pcon: line 17: bad number: usage: Topen fid mode
EOF
t 9pcon -c 'ramfs -i' <"$T/con.in" >"$T/con.out" 2>"$T/con.err"
# qids depend on the server: mask them
sed -E 's/\([0-9a-f]{16} [0-9]+ ?[a-zA-Z]*\)/Q/g' "$T/con.out" >"$T/con.masked"
check "9pcon transcript" diff "$T/con.want" "$T/con.masked"
check "9pcon reports bad lines and goes on" diff "$T/conerr.want" "$T/con.err"
printf 'Tversion 8192 9P2000\nTattach 0 -1 u ""\nTwalk 0 1 hello\n' >"$T/con2.in"
fails "9pcon -t with a bad number: usage" 1 "usage: 9pcon [-av] [-t ms] [-f file] [-c] service" \
	9pcon -t 5x ram
fails "9pcon -t with a negative number: usage" 1 \
	"usage: 9pcon [-av] [-t ms] [-f file] [-c] service" 9pcon -t -5 ram
printf '%s\n' "Topen 0 256" "Tread 0 0 4294967296" "Tflush 65536" "Tread 0 -1 0" |
	t 9pcon -c 'ramfs -i' >/dev/null 2>"$T/range.err"
check "9pcon refuses a number too large for its field" diff - "$T/range.err" <<'EOF'
9pcon: line 1: number too large: usage: Topen fid mode
9pcon: line 2: number too large: usage: Tread fid offset count
9pcon: line 3: number too large: usage: Tflush oldtag
EOF
check "9pcon -f with a srv name" grep -q "^Rwalk tag 1 nwqid 1 0:(" \
	<(t 9pcon -f "$T/con2.in" ram </dev/null)
same "9pcon -a prints replies as they come" 3 \
	bash -c "timeout 20 9pcon -a -t 10000 -f '$T/con2.in' ram | grep -c '^R'"
printf 'Tversion 8192 9P2000\nTattach 0 -1 u ""\nTwalk 0 1 hello\nTopen 1 0\n' >"$T/con3.in"
printf 'Tread 1 0 0\n' >>"$T/con3.in"
check "9pcon -v echoes the T-messages" grep -q "^Tread tag 3 fid 1 offset 0 count 0$" \
	<(t 9pcon -v -f "$T/con3.in" ram)
fails "9pcon on a missing service" 1 \
	"9pcon: dial nosuchservice: $(t 9p ls nosuchservice 2>&1 | sed 's/.*nosuchservice: //')" \
	9pcon nosuchservice
fails "9pcon -f of a missing file names it once" 1 \
	"9pcon: $T/nofile: file does not exist" 9pcon -f "$T/nofile" ram
fails "9pcon -c of a command that fails fails too" 1 "9pcon: nosuchcmd: exit status 127" \
	9pcon -c nosuchcmd </dev/null

# --- srv: relay a tcp ramfs into the srv directory ---
ramfs -a 'tcp!127.0.0.1!0' >"$T/tcpaddr" &
pids+=($!)
waitfor test -s "$T/tcpaddr"
addr=$(cat "$T/tcpaddr")
srv -f "$addr" tram 2>"$T/srv.err" &
srvpid=$!
pids+=($srvpid)
waitfor test -S "$NAMESPACE/tram"
t 9p create tram/relayed
printf 'via srv\n' | t 9p write tram/relayed
same "srv relays to a tcp address" "via srv" 9p -a "$addr" read relayed
readers=()
for i in 1 2 3 4 5 6 7 8; do
	t 9p read tram/relayed >"$T/par.$i" &
	readers+=($!)
done
wait "${readers[@]}"
check "srv relays many clients at once" \
	bash -c "for i in 1 2 3 4 5 6 7 8; do grep -qx 'via srv' '$T/par.'\$i || exit 1; done"
check "srv -q accepts an existing post" t srv -q "$addr" tram
fails "srv refuses to post a name twice" 1 "srv: tram already posted" srv "$addr" tram
kill -TERM $srvpid
waitfor test ! -e "$NAMESPACE/tram"
check "srv removes its socket on SIGTERM" test ! -e "$NAMESPACE/tram"
fails "srv of an unreachable address" 1 \
	"srv: dial tcp!127.0.0.1!1: $(t 9p -a 'tcp!127.0.0.1!1' ls 2>&1 | sed 's/.*!1: //')" \
	srv 'tcp!127.0.0.1!1' nothere
check "srv of an unreachable address posts nothing" test ! -e "$NAMESPACE/nothere"
fails "srv refuses .. as a service name" 1 "srv: bad service name .." srv "$addr" ..
check "srv -e posts a command and returns" t srv -e 'ramfs -i' "$uniq"
t 9p create "$uniq/shared"
same "srv -e shares one command among its clients" "shared" 9p ls "$uniq"
t 9p create "$uniq/big"
t 9p write "$uniq/big" <"$T/big"
readers=()
for i in 1 2 3 4 5 6; do
	t 9p read "$uniq/big" >"$T/mux.$i" &
	readers+=($!)
done
wait "${readers[@]}"
check "srv -e multiplexes clients reading at once" \
	bash -c "for i in 1 2 3 4 5 6; do cmp -s '$T/big' '$T/mux.'\$i || exit 1; done"
t 9pcon "$uniq" <"$T/con.in" >"$T/mux.out" 2>/dev/null
sed -E 's/\([0-9a-f]{16} [0-9]+ ?[a-zA-Z]*\)/Q/g' "$T/mux.out" >"$T/mux.masked"
check "srv -e maps tags and fids: the 9pcon transcript holds" diff "$T/con.want" "$T/mux.masked"
printf 'Tversion 8192 9P2000\nTflush 12\nTattach 0 -1 u ""\nTattach 0 -1 u ""\n' >"$T/mux2.in"
printf 'Twalk 0 1 nonexistent\nTwalk 1 2\nTversion 8192 9P2000\nTwalk 0 1\n' >>"$T/mux2.in"
cat >"$T/mux2.want" <<'EOF'
Rversion tag 65535 msize 8192 version '9P2000'
Rflush tag 0
Rattach tag 1 qid Q
Rerror tag 2 ename fid in use
Rerror tag 3 ename file does not exist
Rerror tag 4 ename unknown fid
Rversion tag 65535 msize 8192 version '9P2000'
Rerror tag 5 ename unknown fid
EOF
t 9pcon "$uniq" <"$T/mux2.in" | sed -E 's/\([0-9a-f]{16} [0-9]+ ?[a-zA-Z]*\)/Q/g' >"$T/mux2.out"
check "srv -e answers for itself: Tversion, idle Tflush, fids in use or unknown" \
	diff "$T/mux2.want" "$T/mux2.out"
srvd=$(pgrep -f -- "srv -e ramfs -i $uniq")
kill -TERM $srvd
waitfor test ! -e "$NAMESPACE/$uniq"
check "srv -e removes its socket on SIGTERM" test ! -e "$NAMESPACE/$uniq"

# --- listen1: a ramfs per call, reached with 9p -a ---
fails "listen1 names a bad address once" 1 \
	"listen1: announce bogus!x: missing service in address bogus!x" listen1 'bogus!x' true
listen1 -v 'tcp!127.0.0.1!0' ramfs -i 2>"$T/l1.err" &
pids+=($!)
waitfor grep -qs announced "$T/l1.err"
laddr=$(sed -n 's/^listen1: announced //p' "$T/l1.err")
check "listen1 runs a 9P server per call" t 9p -a "$laddr" create f
same "listen1 runs a 9P server per call (fresh)" "" 9p -a "$laddr" ls
check "listen1 -v logs calls" \
	grep -q "^listen1: incoming call for $laddr from tcp!127.0.0.1!" "$T/l1.err"
listen1 -v 'tcp!127.0.0.1!0' sh -c 'echo "net=$net remote=$remote"; read x; echo "got $x"' \
	2>"$T/l2.err" &
pids+=($!)
waitfor grep -qs announced "$T/l2.err"
lport=$(sed -n 's/^listen1: announced .*!//p' "$T/l2.err")
line1= line2=
if exec 3<>"/dev/tcp/127.0.0.1/$lport"; then
	read -t 5 line1 <&3
	echo ping >&3
	read -t 5 line2 <&3
	exec 3<&-
fi
check "listen1 sets net and remote" \
	grep -Eqx "net=tcp!127\.0\.0\.1!$lport remote=127\.0\.0\.1![0-9]+" <<<"$line1"
same "listen1 puts the connection on stdin and stdout" "got ping" echo "$line2"
listen1 -v 'tcp!127.0.0.1!0' nosuchcmd 2>"$T/l3.err" &
pids+=($!)
waitfor grep -qs announced "$T/l3.err"
lport=$(sed -n 's/^listen1: announced .*!//p' "$T/l3.err")
if exec 3<>"/dev/tcp/127.0.0.1/$lport"; then
	read -t 5 line1 <&3
	exec 3<&-
fi
waitfor grep -qs 'exec nosuchcmd' "$T/l3.err"
check "listen1 says why a command cannot run" \
	grep -Eqx "listen1: exec nosuchcmd: (file does not exist|permission denied)" "$T/l3.err"
fails "listen1 without a command prints usage" 1 \
	"usage: listen1 [-tv] address cmd args..." listen1 'tcp!127.0.0.1!0'

echo 1..$n
test $fails = 0
