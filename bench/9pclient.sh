#!/bin/bash
# 9pclient.sh: the 9P client's streaming reads, blocking against asynchronous (on a libuv
# loop), from planten's ramfs over a Unix socket, in one run side by side.
#
# Usage: bench/9pclient.sh [builddir]	(run from a build tree; default: the directory
# holding bin/ramfs on PATH, else the current directory).
# Environment: BENCH_MB (file size, default 256), BENCH_ROUNDS (runs of each way, one
# process each, interleaved; the median counts; default 5). Each figure is taken unpinned
# and with server and client pinned to CPU 0. Prints a table on stdout; the ratio is async
# / blocking.

set -u
if [ $# -gt 0 ]; then
	build=$1
elif command -v ramfs >/dev/null; then
	build=$(dirname "$(dirname "$(command -v ramfs)")")
else
	build=.
fi
ramfs=$build/bin/ramfs
bench=$build/bench/9pclientbench
for f in "$ramfs" "$bench"; do
	[ -x "$f" ] || { echo "9pclient.sh: no $f (build first: make)" >&2; exit 1; }
done
mb=${BENCH_MB:-256}
rounds=${BENCH_ROUNDS:-5}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench9pc.XXXXXX")
export NAMESPACE=$tmp/ns
mkdir -m 700 "$NAMESPACE"
pid=

stopfs() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		timeout 5 tail --pid="$pid" -f /dev/null 2>/dev/null
		kill -9 "$pid" 2>/dev/null
		pid=
	fi
	rm -f "$NAMESPACE/bench"
}
trap 'stopfs; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# median: the middle of the numbers on standard input
median() {
	sort -n | awk '{ v[NR] = $1 } END { if(NR == 0) print "-"; else print v[int((NR+1)/2)] }'
}

# run PIN: a fresh ramfs, then rounds of the client's three ways interleaved, both pinned
# to CPU 0 if PIN is "pin"; prints the three medians
run() {
	local pin=() i r o out
	[ "$1" = pin ] && pin=(taskset -c 0)
	stopfs
	"${pin[@]}" "$ramfs" -s bench 2>>"$tmp/ramfs.err" &
	pid=$!
	for i in $(seq 100); do
		[ -S "$NAMESPACE/bench" ] && break
		sleep 0.1
	done
	rm -f "$tmp"/way.*
	for r in $(seq "$rounds"); do
		i=0
		for o in b 1 4; do
			i=$((i + 1))
			out=$(timeout 300 "${pin[@]}" "$bench" -a bench -s "$mb" -r 1 -o $o \
				2>>"$tmp/bench.err")
			set -- $out
			[ -n "$out" ] && echo "${!i}" >> "$tmp/way.$o"
		done
	done
	stopfs
	echo "$(median < "$tmp/way.b") $(median < "$tmp/way.1") $(median < "$tmp/way.4")"
}

ratio() {
	case "$1$2" in
	*-*) echo "-" ;;
	*) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a/b }' ;;
	esac
}

declare -A v
for pin in nopin pin; do
	v[$pin]=$(run $pin)
done
echo "planten 9P client: streaming reads of $mb MiB from ramfs, msize 1 MiB + 24, $(nproc) CPUs"
printf "%-44s %18s %18s\n" "" "unpinned" "pinned (CPU 0)"
for col in 1 2 3; do
	case $col in
	1) label="blocking, 8 MiB per npfspread, MB/s" ;;
	2) label="async, one 8 MiB read out, MB/s (ratio)" ;;
	3) label="async, four 8 MiB reads out, MB/s (ratio)" ;;
	esac
	cells=()
	for pin in nopin pin; do
		set -- ${v[$pin]}
		x=${!col}
		if [ $col = 1 ]; then cells+=("$x"); else cells+=("$x ($(ratio "$x" "$1"))"); fi
	done
	printf "%-44s %18s %18s\n" "$label" "${cells[0]}" "${cells[1]}"
done
if [ -s "$tmp/bench.err" ]; then
	echo "errors:"
	sort -u "$tmp/bench.err" | head -10
fi
