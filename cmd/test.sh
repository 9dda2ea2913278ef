#!/bin/bash
# cmd/test.sh: TAP tests of 9p, 9pcon, srv and listen1 against ramfs in a private srv directory.

export NAMESPACE=$(mktemp -d /tmp/planten-cmdtest.XXXXXX)
T=$NAMESPACE/tmp
mkdir -p "$T"
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	# srv in daemon mode runs in its own session; find it by its unique command line
	for p in $(pgrep -f -- "srv -e ramfs -i cmdtest${NAMESPACE##*.}" 2>/dev/null); do
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
	n=$((n+1))
	fails=$((fails+1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		echo "# $l"
	done
}
check() {	# check "what" command...: ok when the command succeeds
	local what=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$what"
	else
		notok "$what" "$(head -c 600 "$T/check.out")"
	fi
}
waitfor() {	# waitfor test-expression: up to 5 s
	local i
	for i in $(seq 50); do
		if eval "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}
# run with a time limit, so nothing can hang the suite
t() {
	timeout 20 "$@"
}


# --- a ramfs posted in the private srv directory ---
ramfs -s ram &
pids+=($!)
waitfor "test -S $NAMESPACE/ram"

check "9p ls of an empty ramfs" bash -c 't() { timeout 20 "$@"; }; out=$(t 9p ls ram) && test -z "$out"'

t 9p write ram/hello </dev/null 2>"$T/err"
st=$?
check "9p write does not create files" bash -c 'test '$st' = 1 && grep -qx "9p: open hello: file does not exist" '"$T/err"
t 9p create ram/hello ram/big ram/lines
printf 'hello, world\n' | t 9p write ram/hello
check "9p write then read" bash -c 'test "$(timeout 20 9p read ram/hello)" = "hello, world"'
check "9p readfd" bash -c 'test "$(timeout 20 9p readfd ram/hello)" = "hello, world"'
printf 'bye\n' | t 9p writefd ram/hello
check "9p writefd truncates" bash -c 'test "$(timeout 20 9p read ram/hello)" = "bye"'

head -c 3000000 /dev/urandom >"$T/big"
t 9p write ram/big <"$T/big"
t 9p read ram/big >"$T/big.out"
check "9p write and read 3 MB" cmp "$T/big" "$T/big.out"
t 9p -a "unix!$NAMESPACE/ram" read big >"$T/big.out2"
check "9p -a unix!path read" cmp "$T/big" "$T/big.out2"

t 9p create ram/empty
check "9p create" bash -c 'timeout 20 9p stat ram/empty | grep -q "^'"'"'empty'"'"' .* m 0666 .* l 0 "'
t 9p create -m 0600 ram/private
check "9p create -m" bash -c 'timeout 20 9p stat ram/private | grep -q " m 0600 "'
t 9p create -d ram/dir1
t 9p mkdir ram/dir2 ram/dir2/sub
check "9p mkdir and create -d" bash -c 'timeout 20 9p ls -l ram/dir2 | grep -q "^d-rwxrwxrwx M 0 .* sub$" &&
	timeout 20 9p stat ram/dir1 | grep -q " m 020000000777 "'
printf 'a\nbb\nccc\n' | t 9p write -l ram/lines
check "9p write -l" bash -c 'test "$(timeout 20 9p read ram/lines)" = "$(printf "a\nbb\nccc\n")"'

t 9p ls ram >"$T/ls"
printf '%s\n' big dir1 dir2 empty hello lines private >"$T/ls.want"
check "9p ls sorts by name" diff "$T/ls.want" "$T/ls"
check "9p ls -n lists all" bash -c 'timeout 20 9p ls -n ram | sort | diff '"$T/ls.want"' -'
t 9p ls -l ram >"$T/lsl"
check "9p ls -l format" bash -c 'grep -Eq "^--rw-rw-rw- M 0 [^ ]+ +[^ ]+ +3000000 [A-Z][a-z][a-z] [ 0-9][0-9] [0-9 :]{5} big$" '"$T/lsl"' &&
	grep -Eq "^--rw------- M 0 [^ ]+ +[^ ]+ +0 .* private$" '"$T/lsl"' && test $(wc -l <'"$T/lsl"') = 7'
check "9p ls -d" bash -c 'test "$(timeout 20 9p ls -d ram/dir2)" = dir2'
check "9p ls of a file" bash -c 'test "$(timeout 20 9p ls ram/hello)" = hello'
t 9p mkdir ram/tdir
t 9p create ram/tdir/old
sleep 1.1
t 9p create ram/tdir/new
check "9p ls -t puts the newest first" bash -c 'test "$(timeout 20 9p ls -t ram/tdir | tr "\n" " ")" = "new old "'
check "9p ls of several names" bash -c 'test "$(timeout 20 9p ls ram/hello ram/tdir | tr "\n" " ")" = "hello new old "'

printf 'second\n' | t 9p rdwr ram/hello >"$T/rdwr"
check "9p rdwr" bash -c 'test "$(cat '"$T/rdwr"' | tr "\n" " ")" = "bye  bye second "'

t 9p rm ram/empty ram/dir2/sub
check "9p rm" bash -c '! timeout 20 9p stat ram/empty 2>/dev/null && ! timeout 20 9p stat ram/dir2/sub 2>/dev/null'
t 9p rm ram/nonexistent 2>"$T/err"
st=$?
check "9p rm of a missing file fails" bash -c 'test '$st' = 1 && grep -qx "9p: remove ram/nonexistent: file does not exist" '"$T/err"
t 9p read ram/nonexistent >/dev/null 2>"$T/err"
st=$?
check "9p read of a missing file fails" bash -c 'test '$st' = 1 && grep -q "^9p: open nonexistent: file does not exist$" '"$T/err"
t 9p ls nosuchservice >/dev/null 2>"$T/err"
st=$?
check "9p on a missing service fails" bash -c 'test '$st' = 1 && grep -q "^9p: dial nosuchservice: " '"$T/err"
t 9p bogus 2>"$T/err"
st=$?
check "9p with a bad command prints usage" bash -c 'test '$st' = 1 && grep -q "^usage: 9p" '"$T/err"
t 9p -D ls ram/dir1 2>"$T/trace"
check "9p -D traces the messages" bash -c 'grep -q "^-> Tversion tag 65535 msize" '"$T/trace"' &&
	grep -q "^<- Rattach tag" '"$T/trace"

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
t 9pcon -c 'ramfs -i' <"$T/con.in" >"$T/con.out" 2>"$T/con.err"
sed -E 's/\([0-9a-f]{16} [0-9]+ ?[a-zA-Z]*\)/Q/g' "$T/con.out" >"$T/con.masked"
check "9pcon transcript" diff "$T/con.want" "$T/con.masked"
check "9pcon reports bad lines and goes on" bash -c 'grep -q "^9pcon: line 15: unknown message Tbogus$" '"$T/con.err"' &&
	grep -q "^9pcon: line 16: wrong number of arguments: usage: Twalk fid newfid \[name...\]$" '"$T/con.err"' &&
	grep -q "^9pcon: line 17: bad number" '"$T/con.err"' && test $(wc -l <'"$T/con.err"') = 3'
check "9pcon -f and a srv name" bash -c 'printf "Tversion 8192 9P2000\nTattach 0 -1 u \"\"\nTwalk 0 1 hello\n" >'"$T/con2.in"' &&
	timeout 20 9pcon -f '"$T/con2.in"' ram </dev/null | grep -q "^Rwalk tag 1 nwqid 1 0:("'
printf 'Tversion 8192 9P2000\nTattach 0 -1 u ""\nTwalk 0 1 hello\n' >"$T/con3.in"
check "9pcon -a prints replies as they come" bash -c 'timeout 20 9pcon -a -t 300 -f '"$T/con3.in"' ram | grep -c "^R" | grep -qx 3'

# --- srv: relay a tcp ramfs into the srv directory ---
ramfs -a 'tcp!127.0.0.1!0' >"$T/tcpaddr" &
pids+=($!)
waitfor "test -s $T/tcpaddr"
addr=$(cat "$T/tcpaddr")
srv -f "$addr" tram 2>"$T/srv.err" &
srvpid=$!
pids+=($srvpid)
waitfor "test -S $NAMESPACE/tram"
t 9p create tram/relayed
printf 'via srv\n' | t 9p write tram/relayed
check "srv relays to a tcp address" bash -c 'test "$(timeout 20 9p -a "'"$addr"'" read relayed)" = "via srv"'
check "srv relays many clients at once" bash -c 'for i in 1 2 3 4 5 6; do timeout 20 9p read tram/relayed >'"$T"'/par.$i & done; wait;
	for i in 1 2 3 4 5 6; do test "$(cat '"$T"'/par.$i)" = "via srv" || exit 1; done'
t srv -q "$addr" tram
st1=$?
t srv "$addr" tram 2>"$T/err"
st2=$?
check "srv -q accepts an existing post, plain srv refuses it" bash -c 'test '$st1' = 0 && test '$st2' = 1 &&
	grep -q "^srv: tram already posted$" '"$T/err"
kill -TERM $srvpid
waitfor "! test -e $NAMESPACE/tram"
check "srv removes its socket on SIGTERM" test ! -e "$NAMESPACE/tram"
t srv 'tcp!127.0.0.1!1' nothere 2>"$T/err"
st=$?
check "srv of an unreachable address fails" bash -c 'test '$st' = 1 && grep -q "^srv: dial tcp!127.0.0.1!1: " '"$T/err"' && test ! -e '"$NAMESPACE"'/nothere'
name=cmdtest${NAMESPACE##*.}
t srv -e 'ramfs -i' "$name"
st=$?
check "srv -e posts a command and returns" bash -c 'test '$st' = 0 && test -S '"$NAMESPACE/$name"' && timeout 20 9p create '"$name"'/x && test -z "$(timeout 20 9p ls '"$name"')"'

# --- listen1: a ramfs per call, reached with 9p -a ---
listen1 -v 'tcp!127.0.0.1!0' ramfs -i 2>"$T/l1.err" &
pids+=($!)
waitfor "grep -q announced $T/l1.err"
laddr=$(sed -n 's/^listen1: announced //p' "$T/l1.err" | head -1)
check "listen1 runs a 9P server per call" bash -c 'timeout 20 9p -a "'"$laddr"'" create f && test "$(timeout 20 9p -a "'"$laddr"'" ls)" = ""'
check "listen1 -v logs calls" bash -c 'grep -q "^listen1: incoming call for '"$laddr"' from tcp!127.0.0.1!" '"$T/l1.err"
listen1 -v 'tcp!127.0.0.1!0' sh -c 'echo "net=$net remote=$remote"; read x; echo "got $x"' 2>"$T/l2.err" &
pids+=($!)
waitfor "grep -q announced $T/l2.err"
lport=$(sed -n 's/^listen1: announced .*!//p' "$T/l2.err" | head -1)
exec 3<>"/dev/tcp/127.0.0.1/$lport"
read -t 5 line1 <&3
echo ping >&3
read -t 5 line2 <&3
exec 3<&-
check "listen1 runs cmd on the connection with net and remote set" bash -c '[[ "'"$line1"'" =~ ^net=tcp!127\.0\.0\.1!'"$lport"'\ remote=127\.0\.0\.1![0-9]+$ ]] && test "'"$line2"'" = "got ping"'
t listen1 'tcp!127.0.0.1!0' 2>"$T/err"
st=$?
check "listen1 without a command prints usage" bash -c 'test '$st' = 1 && grep -q "^usage: listen1" '"$T/err"

echo 1..$n
test $fails = 0
