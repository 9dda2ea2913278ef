#!/bin/bash
# test/port/run.sh: the porting test. Plan 9 programs written for this test in Plan 9's style
# (bio, fmt, dir reads, dates, rfork and wait, notes, threads, regexp, a 9P server) are built
# as a user would, `9c prog.c && 9l -o prog prog.o`, against the build tree's libraries, and
# run with their output checked. Prints TAP.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$(pwd)}
T=$(mktemp -d /tmp/planten-port.XXXXXX)
export NAMESPACE=$T/ns
mkdir -p "$NAMESPACE" "$T/lib"
pidfile=$T/hellofs.pid

cleanup() {
	[ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
fails=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
notok() {
	n=$((n+1))
	fails=$((fails+1))
	echo "not ok $n - $1"
	shift
	printf '%s\n' "$@" | head -c 1500 | sed 's/^/# /'
}
# same DESC WANT CMD...: CMD's standard output and error, with its status, are WANT
same() {
	local desc=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1; echo "[status $?]")
	if [ "$got" = "$want" ]; then
		ok "$desc"
	else
		notok "$desc" "want:" "$want" "got:" "$got"
	fi
}

# 9c and 9l from the build tree, finding the headers in the source tree and the libraries
# (the build tree's, gathered in one directory as they would be installed) through the
# variables 9c(1) describes.
export PLANTEN_INCLUDE=$src/include PLANTEN_LIB=$T/lib
for l in lib9 lib9p libthread libregexp libns; do
	ln -s "$build"/$l/.libs/$l.so* "$T/lib/"
done
ln -s "$build/lib9/libp9main.a" "$T/lib/"
PATH=$build/bin:$PATH
# Plan 9 programs leave their memory to exits: under the sanitizers, no leak reports
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

cd "$T"
for p in wc9 dirs dates procs threads rx hellofs; do
	if out=$(9c "$src/test/port/$p.c" 2>&1 && 9l -o $p $p.o 2>&1); then
		ok "9c $p.c && 9l -o $p $p.o"
	else
		notok "9c $p.c && 9l -o $p $p.o" "$out"
	fi
done

printf 'h\xc3\xa9llo w\xc3\xb6rld\nsecond line here\n' > in1
same "wc9: bio, runes, formatted totals, a missing file, the exits status" \
"./wc9: nosuch: file does not exist
      2       5      29      31 in1
      2       5      29      31 in1
      4      10      58      62 total
longest line: 16 runes
[status 1]" ./wc9 -L in1 nosuch in1
same "wc9: standard input" \
"      2       5      29      31
[status 0]" sh -c './wc9 < in1'
same "wc9: usage" \
"usage: ./wc9 [-L] [file ...]
[status 1]" ./wc9 -x

same "dirs: create, dirreadall, %M, dirwstat, dirstat, remove, errors" \
"--rw-r--r--     6 a
--rw-------    12 b
--rwxr-xr-x    10 c
d-rwx------     0 sub
--
z 5 file
--rw-r--r--     6 a
--rwxr-xr-x    10 c
d-rwx------     0 sub
--rw-------     5 z
--
remove dir: directory not empty
open nonesuch: file does not exist
[status 0]" sh -c 'umask 022; ./dirs d'

same "dates: Tm, %τ in zones, tmparse, tmnorm, ctime" \
"Fri Feb 13 23:31:30 GMT 2009
2009-02-13 23:31:30 +0000
Saturday, 14 February 2009 5:01 am +05:30
in the zone -0800: 15:31
1234567890
1234567890
1234567890
2009-03-25 Wed
2024-03-02
refused: invalid date '2009-02-30'
Fri Feb 13 18:31:30 EST 2009
Mon Jul 13 19:31:30 EDT 2009
1234567890
[status 0]" env TZ=EST5EDT,M3.2.0,M11.1.0 ./dates

same "procs: rfork, exits and wait, await, pipes both ways, notes, alarm, exec, atexit" \
"child 0: ''
child 1: '1'
child 2 by await: ''
no more children: no living children
pipe answered SHOUT
interrupted 1
sleep: interrupted
interrupted 2
exec ran sh
atexit: second registered, first run
atexit: first registered, last run
[status 0]" timeout 60 ./procs

same "threads: threadmain, a sieve of threads, a proc, alt" \
"primes: 2 3 5 7 11 13 17 19 23 29
sum from a proc: 5050
alt: a gave 1, b gave 5
[status 0]" timeout 60 ./threads

printf 'key=value\nnothing\nfoo=bar\n' > kv
same "rx: regcomp, regexec with submatches, regsub" \
"value <- key
bar <- foo
2 matched
[status 0]" sh -c './rx "^([a-z]+)=(.*)\$" "\\2 <- \\1" < kv'
same "rx: a bad expression reaches the program's regerror" \
"bad expression: regexp (: parsing error
[status 1]" sh -c './rx "(" x < kv'

# a 9P server: posted in the srv directory, read with planten's 9p
# (the serving process keeps the fds it had: keep it away from a $(...) that waits for them)
same "hellofs: postsrv returns once the service is posted" "[status 0]" \
	sh -c './hellofs -p "$0" -s hello </dev/null >hellofs.out 2>&1' "$pidfile"
same "hellofs: 9p ls" "count
hello
lib
[status 0]" 9p ls hello
same "hellofs: 9p read through a directory of the tree" "welcome to planten
[status 0]" 9p read hello/lib/motd
same "hellofs: the server's read function" "1
2
[status 0]" sh -c '9p read hello/count; 9p read hello/count'
same "hellofs: the server's write function" "41
[status 0]" sh -c 'echo 40 | 9p write hello/count && 9p read hello/count'
same "hellofs: permissions from the tree" "9p: open hello/hello: permission denied
[status 1]" sh -c 'echo x | 9p write hello/hello'
kill "$(cat "$pidfile")" 2>/dev/null
for i in $(seq 50); do [ -e "$NAMESPACE/hello" ] || break; sleep 0.1; done
if [ ! -e "$NAMESPACE/hello" ]; then ok "hellofs: SIGTERM removes the posted service"
else notok "hellofs: SIGTERM removes the posted service"; fi
: > "$pidfile"

echo "1..$n"
exit 0
