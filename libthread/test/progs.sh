#!/bin/sh
# progs.sh: whole libthread programs (tprog): deadlock detection, stack overflow, exit status.
prog=${top_builddir:-.}/libthread/test/tprog
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
no() { n=$((n+1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err"; }

# run CASE: run tprog CASE with a deadline, status in $st
run() {
	timeout 20 "$prog" "$1" >"$tmp/out" 2>"$tmp/err"
	st=$?
}
has() { grep -q -- "$1" "$tmp/$2"; }

run deadlock
if [ $st -eq 1 ] && has 'tprog: deadlock: all threads are blocked' err &&
	has 'thread 1 "threadmain": recv on never' err && has '"blocker a": recv on never' err &&
	has '"blocker b": recv on never' err; then ok "deadlock in one proc: message, status 1"
else no "deadlock in one proc: message, status 1 (status $st)"; fi

run deadlock-procs
if [ $st -eq 1 ] && has 'tprog: deadlock' err && has '"qblocker": qlock' err &&
	has '"blocker p": recv on never' err; then ok "deadlock across procs: message, status 1"
else no "deadlock across procs: message, status 1 (status $st)"; fi

run overflow
# (under AddressSanitizer, its own handler reports it)
if { [ $st -gt 128 ] && has 'thread [0-9]* "deep": stack overflow' err; } ||
	{ [ $st -ne 0 ] && has 'AddressSanitizer: stack-overflow' err; }; then
	ok "stack overflow is reported and kills the program"
else no "stack overflow is reported and kills the program (status $st)"; fi

run exits
if [ $st -eq 1 ] && [ ! -s "$tmp/err" ]; then ok "threadexits(status) of the last thread: status 1"
else no "threadexits(status) of the last thread: status 1 (status $st)"; fi

run exits-later
if [ $st -eq 1 ] && has 'proc done' out; then ok "the program lives while a proc does; status is threadmain's"
else no "the program lives while a proc does; status is threadmain's (status $st)"; fi

run exitsall
if [ $st -eq 0 ]; then ok "threadexitsall(nil) with threads blocked: status 0"
else no "threadexitsall(nil) with threads blocked: status 0 (status $st)"; fi

run sieve
if [ $st -eq 0 ] && [ "$(cat "$tmp/out")" = "2 3 5 7 11 13 17 19 23 29" ]; then
	ok "prime sieve program prints the first ten primes"
else no "prime sieve program prints the first ten primes (status $st)"; fi

timeout 20 "$prog" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st -eq 1 ]; then ok "threadexits(\"usage\"): status 1"; else no "usage status ($st)"; fi
echo "1..$n"
exit $fail
