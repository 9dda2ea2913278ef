#!/bin/bash
# test.sh: TAP smoke test of the ramfs binary: its flags, transports, limits and file semantics.

: "${top_builddir:=.}"
PATH="$top_builddir/bin:$PATH"
client="$top_builddir/lib9p/test/serverclient"
tmp=$(mktemp -d /tmp/ramfs-test.XXXXXX)
export NAMESPACE="$tmp/ns"
mkdir -m 700 "$NAMESPACE"
pids=()

cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

n=0
ok() {
	n=$((n+1))
	echo "ok $n - $1"
}
notok() {
	n=$((n+1))
	echo "not ok $n - $1"
}
check() {	# check "what" command...: ok if the command succeeds
	local what=$1
	shift
	if "$@" >"$tmp/out" 2>"$tmp/err"; then
		ok "$what"
	else
		notok "$what"
		sed 's/^/# /' "$tmp/err"
	fi
}
is() {	# is "what" test...: ok if the test holds
	local what=$1
	shift
	if "$@"; then ok "$what"; else notok "$what"; fi
}
fails() {	# fails "what" "error text" command...: ok if the command fails with that error
	local what=$1 want=$2
	shift 2
	if "$@" >"$tmp/out" 2>"$tmp/err"; then
		notok "$what (succeeded)"
	elif grep -q -- "$want" "$tmp/err"; then
		ok "$what"
	else
		notok "$what"
		sed 's/^/# /' "$tmp/err"
	fi
}
c() {
	timeout 10 "$client" "$@"
}
# waitexit PID: its exit status, killing it if it has not exited within 5 seconds
waitexit() {
	local i
	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}
# wait until a file exists, at most 5 seconds
waitfor() {
	local i
	for i in $(seq 50); do
		[ -s "$1" ] || [ -S "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

echo 1..50

# flags
usage1() {	# usage1 args...: ramfs exits 1 with a usage message
	timeout 5 ramfs "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	[ $? -eq 1 ] && grep -q usage "$tmp/err"
}
is "bad flag: usage, exit 1" usage1 -x
is "bad -l value: usage, exit 1" usage1 -l 12q
is "-l past the largest size: usage, exit 1" usage1 -l 99999999999g
is "stray argument: usage, exit 1" usage1 extra
badaddr() {	# a bad address: one clear message naming it once, exit 1
	timeout 5 ramfs -a 'bogus!1' >"$tmp/out" 2>"$tmp/err" </dev/null
	[ $? -eq 1 ] &&
		grep -qx 'ramfs: announce bogus!1: missing service in address bogus!1' "$tmp/err"
}
is "-a with a bad address: the error names it once, exit 1" badaddr

# -i over pipes
c -e 'ramfs -i' 'write /a hello' 'cat /a' >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = hello ] && ok "-i: write and read back" || notok "-i: write and read back"
c -e 'ramfs -i' 'mkdir /d' 'write /d/x 1' 'write /d/y 2' 'ls /d' >"$tmp/out" 2>"$tmp/err"
[ "$(sort "$tmp/out" | tr '\n' ' ')" = "x y " ] && ok "-i: mkdir and directory listing" ||
	notok "-i: mkdir and directory listing"
fails "-i: remove of a non-empty directory" "directory not empty" \
	c -e 'ramfs -i' 'mkdir /d' 'write /d/x 1' 'rm /d'
fails "-i: walk to a missing file" "file does not exist" c -e 'ramfs -i' 'cat /nope'
fails "-i: create of an existing name" "file already exists" \
	c -e 'ramfs -i' 'create /a' 'create /a'
true | timeout 5 ramfs -i 2>/dev/null | cat >/dev/null
is "-i: exits when its input ends" [ "${PIPESTATUS[1]}" -eq 0 ]
timeout 5 ramfs -i </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "not a pipe or socket" "$tmp/err" && ok "-i: refuses a non-pipe input" ||
	notok "-i: refuses a non-pipe input"

# -l limit
fails "-l: a write past the limit" "file system full" c -e 'ramfs -i -l 64k' 'fill /big 100000'
check "-l: a write within the limit" \
	c -e 'ramfs -i -l 64k' 'fill /big 30000' 'rm /big' 'fill /b 30000'
fails "-l: creating many files runs out" "file system full" \
	c -e 'ramfs -i -l 1k' 'create /f1' 'create /f2' 'create /f3' 'create /f4' 'create /f5'
printf '%s\n' "Tversion 8192 9P2000" "Tattach 0 ~0 glenda ''" "Twalk 0 1" "Tcreate 1 f 0666 1" \
	"Twstat 1 fg '' '' -1 -1 510" "Tstat 1" |
	timeout 10 9pcon -c 'ramfs -i -l 1k' >"$tmp/out" 2>"$tmp/err"
grep -q "^Rerror tag 3 ename file system full$" "$tmp/out" &&
	grep -q "^Rstat tag 4 stat 'f' .* l 0 " "$tmp/out" &&
	ok "-l: a wstat past the limit changes nothing (not the length, not the name)" ||
	notok "-l: a wstat past the limit changes nothing (not the length, not the name)"

# file semantics
c -e 'ramfs -i' 'write /a hello' 'stat /a' 'write /a hi' 'stat /a' 'cat /a' >"$tmp/out" 2>"$tmp/err"
v1=$(sed -n 1p "$tmp/out" | awk '{print $7}')
v2=$(sed -n 2p "$tmp/out" | awk '{print $7}')
if [ "$(sed -n 2p "$tmp/out" | awk '{print $2}')" = 2 ] && [ "$v2" -gt "$v1" ] &&
	[ "$(sed -n 3p "$tmp/out")" = hi ]; then
	ok "OTRUNC truncates and bumps qid.vers"
else
	notok "OTRUNC truncates and bumps qid.vers"
fi
c -e 'ramfs -i' 'create /log 0x40000666' 'append /log ab' 'write /log cd' 'cat /log' \
	>"$tmp/out" 2>"$tmp/err"
is "DMAPPEND: writes go to the end" [ "$(cat "$tmp/out")" = abcd ]
fails "DMEXCL: a second open is refused" "exclusive use file already open" \
	c -e 'ramfs -i' 'create /x 0x20000666' 'hold /x 0' 'hold /x 0'
c -e 'ramfs -i' 'write /a hello' 'rename /a b' 'cat /b' >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = hello ] && ok "wstat: rename" || notok "wstat: rename"
fails "wstat: rename onto an existing name" "file already exists" \
	c -e 'ramfs -i' 'write /a 1' 'write /b 2' 'rename /a b'
c -e 'ramfs -i' 'write /a hello' 'truncate /a 2' 'cat /a' 'truncate /a 4' 'stat /a' \
	>"$tmp/out" 2>"$tmp/err"
grep -q '^hea 4 ' "$tmp/out" && ok "wstat: length" ||
	notok "wstat: length"

# offsets near 2^63: an error, never a crash
printf '%s\n' "Tversion 8192 9P2000" "Tattach 0 ~0 glenda ''" "Twalk 0 1" "Tcreate 1 f 0666 2" \
	"Twrite 1 9223372036854775806 hello" "Twrite 1 4611686018427387904 hello" \
	"Tread 1 9223372036854775807 10" "Tstat 1" |
	timeout 10 9pcon -c 'ramfs -i' >"$tmp/out" 2>"$tmp/err"
grep -q "^Rerror tag 3 ename bad offset$" "$tmp/out" &&
	grep -q "^Rerror tag 4 ename file too large$" "$tmp/out" &&
	grep -q "^Rerror tag 5 ename bad offset$" "$tmp/out" &&
	grep -q "^Rstat tag 6 stat 'f' .* l 0 " "$tmp/out" &&
	ok "writes and reads at offsets near 2^63 fail cleanly" ||
	{ notok "writes and reads at offsets near 2^63 fail cleanly"; sed 's/^/# /' "$tmp/out"; }

# DMEXCL: the exclusive hold belongs to the fid that opened the file
printf '%s\n' "Tversion 8192 9P2000" "Tattach 0 ~0 glenda ''" "Twalk 0 1" \
	"Tcreate 1 x 04000000666 0" "Twstat 1 '' '' '' 0666 -1 -1" "Tclunk 1" "Twalk 0 2 x" \
	"Twstat 2 '' '' '' 04000000666 -1 -1" "Topen 2 0" |
	timeout 10 9pcon -c 'ramfs -i' >"$tmp/out" 2>"$tmp/err"
grep -q "^Ropen tag 7 " "$tmp/out" &&
	ok "DMEXCL turned off and on while held: the file opens again once the holder goes" ||
	{ notok "DMEXCL turned off and on while held: the file opens again once the holder goes"
	  sed 's/^/# /' "$tmp/out"; }
printf '%s\n' "Tversion 8192 9P2000" "Tattach 0 ~0 glenda ''" "Twalk 0 1" \
	"Tcreate 1 y 0666 2" "Twstat 1 '' '' '' 04000000666 -1 -1" "Twalk 0 2 y" "Topen 2 0" \
	"Tclunk 1" "Twalk 0 3 y" "Topen 3 0" |
	timeout 10 9pcon -c 'ramfs -i' >"$tmp/out" 2>"$tmp/err"
grep -q "^Ropen tag 5 " "$tmp/out" &&
	grep -q "^Rerror tag 8 ename exclusive use file already open$" "$tmp/out" &&
	ok "DMEXCL: another fid's clunk does not release the holder's claim" ||
	{ notok "DMEXCL: another fid's clunk does not release the holder's claim"
	  sed 's/^/# /' "$tmp/out"; }
# permissions, with a server others can reach
ramfs -u glenda -a "unix!$tmp/sock" >"$tmp/a.out" 2>"$tmp/a.err" &
pids+=($!)
waitfor "$tmp/sock"
check "-a unix!path: owner creates files" \
	c -u glenda "unix!$tmp/sock" 'write /mine secret' 'create /pub 0644' 'mkdir /dir'
fails "wstat of the mode by a non-owner" "not owner" \
	c -u bob "unix!$tmp/sock" 'chmod /mine 600'
c -u glenda "unix!$tmp/sock" 'chmod /mine 600' 'chmod /dir 755' >/dev/null 2>&1
fails "permission denied reading another user's 0600 file" "permission denied" \
	c -u bob "unix!$tmp/sock" 'cat /mine'
fails "none gets only the other bits" "permission denied" c -u none "unix!$tmp/sock" 'write /pub x'
fails "creating in another user's 0755 directory" "permission denied" \
	c -u bob "unix!$tmp/sock" 'create /dir/f'
fails "a write by another user is refused on a 0644 file" "permission denied" \
	c -u bob "unix!$tmp/sock" 'write /pub x'
c -u glenda "unix!$tmp/sock" 'chmod /pub 666' >/dev/null 2>&1
c -u bob "unix!$tmp/sock" 'write /pub x' 'stat /pub' >"$tmp/out" 2>"$tmp/err"
is "muid follows the last writer" grep -q '^pub 1 666 glenda glenda bob ' "$tmp/out"
c -u glenda "unix!$tmp/sock" 'stat /pub' 'sync /pub' 'stat /pub' >"$tmp/out" 2>"$tmp/err"
is "an all-don't-touch wstat changes nothing" [ "$(sort -u "$tmp/out" | wc -l)" -eq 1 ]
fails "chgrp to a group the owner is not in" "not a member of group" \
	c -u glenda "unix!$tmp/sock" 'chgrp /pub bob'
fails "chgrp by a non-owner" "not owner" c -u bob "unix!$tmp/sock" 'chgrp /pub bob'
c -u bob "unix!$tmp/sock" 'write /bobs x' 'hold /bobs 0x40' >/dev/null 2>&1
fails "ORCLOSE removes the file when the fid goes" "file does not exist" \
	c -u bob "unix!$tmp/sock" 'cat /bobs'
kill -TERM "${pids[0]}"
waitexit "${pids[0]}"
st=$?
is "-a unix!path: SIGTERM exits 0 and removes the socket" [ $st -eq 0 -a ! -e "$tmp/sock" ]

# -s posts in the srv directory and goes on in the background: the command returns once the
# name is posted (so a script can use it at once), leaves no stdout open, and the daemon stops
# when the name is removed and its last client has gone.
daemonpid() {	# the pid of the ramfs daemon posted as $1
	pgrep -f "ramfs -s $1\$" | head -1
}
gone() {	# wait up to 5 seconds for pid $1 to exit (a zombie has: its parent is gone)
	local i
	for i in $(seq 50); do
		ps -o stat= -p "$1" 2>/dev/null | grep -qv Z || return 0
		sleep 0.1
	done
	return 1
}
out=$(timeout 5 ramfs -s bg$$ 2>"$tmp/err")
st=$?
[ $st -eq 0 ] && [ -S "$NAMESPACE/bg$$" ] && [ -z "$out" ] &&
	ok "-s: returns once posted, exit 0, stdout not held" ||
	notok "-s: returns once posted, exit 0, stdout not held (status $st)"
dpid=$(daemonpid bg$$)
[ -n "$dpid" ] && pids+=($dpid)
c bg$$ 'write /f posted' 'cat /f' >"$tmp/out" 2>"$tmp/err"
is "-s: the daemon serves by service name" [ "$(cat "$tmp/out")" = posted ]
is "-s: the daemon is in a session of its own" \
	[ -n "$dpid" ] && [ "$(ps -o sid= -p "$dpid" | tr -d ' ')" = "$dpid" ]
timeout 5 ramfs -s bg$$ >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "address in use" "$tmp/err" && ok "-s: a live service is not replaced" ||
	notok "-s: a live service is not replaced (status $st)"
c bg$$ 'write /g x' 'sleep 1500' >/dev/null 2>&1 &
cpid=$!
# it is connected once /g is there (a probe's own connection has ended by then)
for i in $(seq 50); do c bg$$ 'stat /g' >/dev/null 2>&1 && break; sleep 0.1; done
rm -f "$NAMESPACE/bg$$"
sleep 0.3
ps -o stat= -p "$dpid" | grep -qv Z && ok "-s: removing the name leaves a client still connected served" ||
	notok "-s: removing the name leaves a client still connected served"
wait $cpid
gone "$dpid" && ok "-s: the daemon exits once its name is removed and its clients are gone" ||
	notok "-s: the daemon exits once its name is removed and its clients are gone"

# -f stays in the foreground: SIGTERM and SIGINT exit 0 and remove the socket
ramfs -f -s rtest >"$tmp/s.out" 2>"$tmp/s.err" &
spid=$!
pids+=($spid)
waitfor "$NAMESPACE/rtest"
c rtest 'write /f posted' 'cat /f' >"$tmp/out" 2>"$tmp/err"
is "-f -s: reachable by service name" [ "$(cat "$tmp/out")" = posted ]
kill -TERM $spid
waitexit $spid
st=$?
[ $st -eq 0 ] && [ ! -e "$NAMESPACE/rtest" ] && ok "-f -s: SIGTERM exits 0 and removes the socket" ||
	notok "-f -s: SIGTERM exits 0 and removes the socket (status $st)"
ramfs -f -s stale >/dev/null 2>&1 &
spid=$!
waitfor "$NAMESPACE/stale"
kill -KILL $spid
wait $spid 2>/dev/null
ramfs -s stale >/dev/null 2>"$tmp/err"
dpid=$(daemonpid stale)
[ -n "$dpid" ] && pids+=($dpid)
check "-s: a stale socket is replaced" c stale 'write /f x'
kill -INT "$dpid"
gone "$dpid" && [ ! -e "$NAMESPACE/stale" ] && ok "-s: SIGINT exits and removes the socket" ||
	notok "-s: SIGINT exits and removes the socket"

# -a on TCP with a port the kernel chooses
ramfs -a 'tcp!127.0.0.1!0' >"$tmp/tcp.addr" 2>"$tmp/tcp.err" &
tpid=$!
pids+=($tpid)
waitfor "$tmp/tcp.addr"
addr=$(head -1 "$tmp/tcp.addr")
case "$addr" in
tcp!127.0.0.1!*) ok "-a tcp!127.0.0.1!0 prints the address bound" ;;
*) notok "-a tcp!127.0.0.1!0 prints the address bound (got '$addr')" ;;
esac
c "$addr" 'write /t overtcp' 'cat /t' >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = overtcp ] && ok "-a: served over TCP" || notok "-a: served over TCP"
kill -TERM $tpid
waitexit $tpid
[ $? -eq 0 ] && ok "-a: SIGTERM exits 0" || notok "-a: SIGTERM exits 0"
