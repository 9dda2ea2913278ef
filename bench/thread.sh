#!/bin/bash
# thread.sh: libthread's thread switch, cross-proc round trip and thread creation, against
# POSIX threads (a mutex/condvar ping-pong, pthread_create+join) and, when P9PORT names a
# plan9port tree with include/ and lib/ holding lib9.a and libthread.a (built by hand; never
# part of planten), against plan9port's libthread built from the same benchmark source.
#
# Usage: bench/thread.sh [builddir]	(default: the current directory)
# Environment: P9PORT (see above), BENCH_N (operations per figure, default 200000).
# Every figure is taken unpinned and pinned to CPU 0 (taskset -c 0), best of three runs; the
# table gives ns per operation and each baseline's ratio to libthread (above 1: slower).
# The pthread baseline for a switch is half a mutex/condvar round trip (one handoff).
set -u
build=${1:-.}
tb=$build/bench/threadbench
pb=$build/bench/pthreadbench
for f in "$tb" "$pb"; do
	[ -x "$f" ] || { echo "thread.sh: no $f (build first: make)" >&2; exit 1; }
done
n=${BENCH_N:-200000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/benchthread.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src=$(cd "$(dirname "$0")" && pwd)/threadbench.c
p9p=
if [ -n "${P9PORT:-}" ]; then
	if cc -O2 -w -I"$P9PORT/include" -o "$tmp/p9pbench" "$src" "$P9PORT/lib/libthread.a" \
		"$P9PORT/lib/lib9.a" -lpthread 2>"$tmp/cc.err"; then
		p9p=$tmp/p9pbench
	else
		echo "thread.sh: cannot build against plan9port in $P9PORT:" >&2
		cat "$tmp/cc.err" >&2
	fi
fi

# best PIN CMD...: the least of three runs' figures
best() {
	local pin=$1 i v b=
	shift
	for i in 1 2 3; do
		if [ "$pin" = pin ]; then v=$(taskset -c 0 "$@" | awk '{print $2}')
		else v=$("$@" | awk '{print $2}'); fi
		if [ -z "$b" ] || awk -v a="$v" -v b="$b" 'BEGIN{exit !(a < b)}'; then b=$v; fi
	done
	echo "$b"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if(a > 0) printf "%.1fx", b / a; else print "-" }'; }

printf '%-28s %-8s %10s %10s %7s %10s %7s\n' figure cpu libthread pthread ratio plan9port ratio
for pin in unpinned pin; do
	cpu=any; [ "$pin" = pin ] && cpu=0
	for what in switch procs create; do
		case $what in
		switch) name="switch (send/recv, 1 proc)"; base=pingpong; pn=$n ;;
		procs) name="round trip (2 procs)"; base=pingpong; pn=$n ;;
		create) name="thread create+exit"; base=create; pn=$((n / 10)) ;;
		esac
		t=$(best $pin "$tb" $what $pn)
		p=$(best $pin "$pb" $base $pn)
		# a switch is one handoff; the ping-pong's round trip is two
		[ $what = switch ] && p=$(awk -v p="$p" 'BEGIN{printf "%.1f", p / 2}')
		q=-; qr=-
		if [ -n "$p9p" ]; then
			# plan9port's threads are OS threads: fewer rounds keep the run short
			q=$(best $pin "$p9p" $what $((pn / 10)))
			qr=$(ratio "$t" "$q")
		fi
		printf '%-28s %-8s %10s %10s %7s %10s %7s\n' "$name" $cpu "$t" "$p" \
			"$(ratio "$t" "$p")" "$q" "$qr"
	done
done
echo "(ns per operation; ratio = baseline / libthread; pthread's switch is half its ping-pong)"
