#!/bin/bash
# 9p.sh: the 9P benchmark: small-op rate, streaming against the Unix-socket ceiling, idle cost.
#
# Usage: bench/9p.sh [builddir]	(run from a build tree; default: the directory holding
# bin/ramfs on PATH, else the current directory).
# Environment: BENCH_MB (streamed file size, default 256),
# BENCH_SECS (seconds per small-op figure, default 2), BENCH_CONNS (idle connections, 1000).
# Besides the raw-socket ceiling, it measures tmpfs storing the same bytes into fresh memory:
# a bound on any RAM file server's write rate, whatever the protocol.
# Every figure is measured twice: unpinned, and with server and client pinned to CPU 0.
# The small-op rates are medians of BENCH_REPS (default 5) short runs. With P9P_RAMFS set to
# plan9port's ramfs binary (built by hand, never part of planten), planten's and plan9port's
# ramfs -i each serve a socketpair (9pbench lat -c), interleaved in the same runs: the table
# gives both rates and the server's CPU time per cycle, and planten's as ratios (rate: more
# is better; CPU: less is). The flood figure: a client sends 2000 1 MiB Treads and reads
# none; the server's RSS growth, and another client's round trip meanwhile.
# One run takes about a minute and a half; it prints a table on stdout.

set -u
if [ $# -gt 0 ]; then
	build=$1
elif command -v ramfs >/dev/null; then
	build=$(dirname "$(dirname "$(command -v ramfs)")")
else
	build=.
fi
ramfs=$build/bin/ramfs
bench=$build/bench/9pbench
for f in "$ramfs" "$bench"; do
	[ -x "$f" ] || { echo "9p.sh: no $f (build first: make)" >&2; exit 1; }
done
mb=${BENCH_MB:-256}
reps=${BENCH_REPS:-5}
p9p=${P9P_RAMFS:-}
[ -n "$p9p" ] && [ ! -x "$p9p" ] && { echo "9p.sh: P9P_RAMFS=$p9p is not executable" >&2; exit 1; }
secs=${BENCH_SECS:-2}
conns=${BENCH_CONNS:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench9p.XXXXXX")
export NAMESPACE=$tmp/ns
mkdir -m 700 "$NAMESPACE"
pid=

# the pid of the ramfs posted as "bench" in this run's srv directory
benchpid() {
	local p
	for p in $(pgrep -f -- "ramfs -s bench" 2>/dev/null); do
		tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qxF "NAMESPACE=$NAMESPACE" &&
			echo "$p"
	done
}

# syscalls PIN: the server's epoll_ctl, epoll_wait, read and write calls per request over
# one second of 1-in-flight cycles (4 requests each), traced by strace if there is one
syscalls() {
	local sp
	command -v strace >/dev/null || { echo -; return; }
	strace -c -f -e trace=epoll_ctl,epoll_wait,read,write,writev -p "$pid" -o "$tmp/strace" \
		2>/dev/null &
	sp=$!
	sleep 0.5
	set -- $(client $1 lat -a bench -d 1 -T 1)
	kill -INT $sp 2>/dev/null
	wait $sp 2>/dev/null
	awk -v n="$1" '$NF ~ /^(epoll_ctl|epoll_wait|read|write|writev)$/ { c[$NF] = $4 }
		END { printf "%.2f ctl, %.2f wait, %.2f rd, %.2f wr", c["epoll_ctl"]/(4*n),
			c["epoll_wait"]/(4*n), c["read"]/(4*n), (c["write"]+c["writev"])/(4*n) }' \
		"$tmp/strace"
}

median() {
	sort -n | awk '{ a[NR] = $1 } END { print NR ? a[int((NR+1)/2)] : "-" }'
}

# planten's ramfs as a command, without the libtool wrapper's start-up in its CPU time
if [ -x "$build/bin/.libs/ramfs" ]; then
	ramfsi="env LD_LIBRARY_PATH=$build/lib9p/.libs:$build/lib9/.libs $build/bin/.libs/ramfs -i"
else
	ramfsi="$ramfs -i"
fi

# removing its name stops a posted ramfs once its clients are gone
stopfs() {
	local i
	rm -f "$NAMESPACE/bench"
	if [ -n "$pid" ]; then
		for i in $(seq 50); do	# a zombie has exited: its parent is gone
			ps -o stat= -p "$pid" 2>/dev/null | grep -qv Z || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
		pid=
	fi
}
trap 'stopfs; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# startfs PIN: a fresh ramfs posted as "bench" (it returns once posted and serves in the
# background), pinned to CPU 0 if PIN is "pin"
startfs() {
	stopfs
	ulimit -n "$(ulimit -Hn)" 2>/dev/null
	if [ "$1" = pin ]; then
		taskset -c 0 "$ramfs" -s bench 2>>"$tmp/ramfs.err"
	else
		"$ramfs" -s bench 2>>"$tmp/ramfs.err"
	fi
	pid=$(benchpid)
	if [ ! -S "$NAMESPACE/bench" ] || [ -z "$pid" ]; then
		echo "9p.sh: ramfs did not start: $(cat "$tmp/ramfs.err")" >&2
		exit 1
	fi
}

# client PIN args...: run 9pbench, pinned like the server; a failure prints "-"
client() {
	local pin=$1 out
	shift
	ulimit -n "$(ulimit -Hn)" 2>/dev/null
	if [ "$pin" = pin ]; then
		out=$(timeout 120 taskset -c 0 "$bench" "$@" 2>>"$tmp/bench.err")
	else
		out=$(timeout 120 "$bench" "$@" 2>>"$tmp/bench.err")
	fi
	[ -n "$out" ] && echo "$out" || echo "- -"
}

# tmpfs PIN: MB/s storing $mb MiB into a new file on tmpfs (the kernel's own RAM file system):
# what storing written data into fresh memory costs on this machine with no 9P in the way.
tmpfs() {
	local shm=/dev/shm/9pbench.$$ t0 t1
	[ -d /dev/shm ] && [ -w /dev/shm ] || { echo -; return; }
	rm -f "$shm"
	t0=$(date +%s%N)
	if [ "$1" = pin ]; then
		taskset -c 0 dd if=/dev/zero of="$shm" bs=1M count="$mb" 2>/dev/null
	else
		dd if=/dev/zero of="$shm" bs=1M count="$mb" 2>/dev/null
	fi
	t1=$(date +%s%N)
	rm -f "$shm"
	awk -v n="$mb" -v ns=$((t1 - t0)) 'BEGIN { printf "%d", n * 1048576 / (ns / 1e9) / 1e6 }'
}

declare -A v cell
for pin in nopin pin; do
	v[raw,$pin]=$(client $pin raw -s "$mb")
	v[tmpfs,$pin]=$(tmpfs $pin)
	startfs $pin
	for d in 1 16; do
		: >"$tmp/lat"
		for r in $(seq "$reps"); do
			client $pin lat -a bench -d $d -T "$(awk -v s="$secs" -v r="$reps" \
				'BEGIN { print s / r }')" >>"$tmp/lat"
		done
		v[lat$d,$pin]=$(median <"$tmp/lat")
	done
	if [ -n "$p9p" ]; then
		: >"$tmp/i.planten"; : >"$tmp/i.p9p"
		for r in $(seq "$reps"); do
			client $pin lat -c "$ramfsi" -T 1 >>"$tmp/i.planten"
			client $pin lat -c "$p9p -i 2>/dev/null" -T 1 >>"$tmp/i.p9p"
		done
		for who in planten p9p; do
			v[irate,$who,$pin]=$(cut -d' ' -f1 <"$tmp/i.$who" | median)
			v[icpu,$who,$pin]=$(cut -d' ' -f2 <"$tmp/i.$who" | median)
		done
	fi
	for m in 8192 65536 1048576; do
		v[st$m,$pin]=$(client $pin stream -a bench -m $((m + 24)) -s "$mb")
	done
	v[syscalls,$pin]=$(syscalls $pin)
	startfs $pin
	v[idle,$pin]=$(client $pin idle -a bench -p "$pid" -n "$conns")
	startfs $pin
	v[flood,$pin]=$(client $pin flood -a bench -p "$pid" -n 2000)
	stopfs
done

ratio() {	# MB/s ceiling
	case "$1$2" in
	*-*) echo "-" ;;
	*) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a/b }' ;;
	esac
}

row() {	# label unpinned pinned
	printf "%-52s %16s %16s\n" "$1" "$2" "$3"
}

echo "planten 9P benchmark: ramfs over a Unix socket, $(nproc) CPUs, $(uname -r)"
row "" "unpinned" "pinned (CPU 0)"
row "open/read 4 KiB/clunk cycles per s, 1 in flight" "${v[lat1,nopin]}" "${v[lat1,pin]}"
row "open/read 4 KiB/clunk cycles per s, 16 in flight" "${v[lat16,nopin]}" "${v[lat16,pin]}"
if [ -n "$p9p" ]; then
	for pin in nopin pin; do
		cell[$pin]="${v[irate,planten,$pin]} / ${v[irate,p9p,$pin]} ($(ratio "${v[irate,planten,$pin]}" "${v[irate,p9p,$pin]}"))"
	done
	row "ramfs -i cycles/s, planten / plan9port (ratio)" "${cell[nopin]}" "${cell[pin]}"
	for pin in nopin pin; do
		cell[$pin]="${v[icpu,planten,$pin]} / ${v[icpu,p9p,$pin]} ($(ratio "${v[icpu,planten,$pin]}" "${v[icpu,p9p,$pin]}"))"
	done
	row "ramfs -i server CPU us/cycle, planten / plan9port" "${cell[nopin]}" "${cell[pin]}"
fi
row "raw Unix socket MB/s, $mb MiB (the ceiling)" "${v[raw,nopin]}" "${v[raw,pin]}"
for m in 8192 65536 1048576; do
	case $m in 8192) l="8 KiB" ;; 65536) l="64 KiB" ;; *) l="1 MiB" ;; esac
	for d in write read; do
		for pin in nopin pin; do
			set -- ${v[st$m,$pin]}
			if [ $d = write ]; then x=$1; else x=$2; fi
			c=${v[raw,$pin]}
			cell[$pin]="$x ($(ratio "$x" "$c"))"
		done
		row "$d MB/s, msize $l + 24 (ratio to ceiling)" "${cell[nopin]}" "${cell[pin]}"
	done
done
for pin in nopin pin; do
	set -- ${v[st1048576,$pin]}
	cell[$pin]="${v[tmpfs,$pin]} ($(ratio "$1" "${v[tmpfs,$pin]}"))"
done
row "tmpfs write MB/s, $mb MiB (1 MiB write / this)" "${cell[nopin]}" "${cell[pin]}"
row "server syscalls per request (strace slows it)" "${v[syscalls,nopin]}" "${v[syscalls,pin]}"
row "server KiB per idle connection ($conns; target < 64)" "${v[idle,nopin]}" "${v[idle,pin]}"
for pin in nopin pin; do
	set -- ${v[flood,$pin]}
	cell[$pin]="$1 MiB, $2 ms"
done
row "flood: RSS growth (target < 64), other client's RTT" "${cell[nopin]}" "${cell[pin]}"
if [ -s "$tmp/bench.err" ]; then
	echo "errors:"
	sort -u "$tmp/bench.err" | head -10
fi
