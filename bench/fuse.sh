#!/bin/bash
# fuse.sh: the FUSE bridge benchmark: planten's ramfs mounted with 9pfuse against tmpfs, and
# exec from a union bin directory (lib9pfuse, as nsd serves it) against the host's /usr/bin.
#
# Usage: bench/fuse.sh [builddir]	(default: the current directory)
# Environment: BENCH_MB (sequential file size, default 256), BENCH_FILES (small files created,
# default 300), BENCH_STATS (files stat'ed and listed, default 1000), BENCH_EXECS (execs, 300).
# Every figure is taken unpinned and then with every process (ramfs, 9pfuse, the union
# server, the client) pinned to CPU 0, each time side by side with its baseline, and printed
# with the ratio to it. /dev/fuse must be usable by the user (as on a desktop).
# Targets: reads and writes at least 1/6 of tmpfs, under 64 µs per small-file create, exec
# from the union within 1.5x of the host's.

set -u
build=${1:-.}
for f in bin/ramfs bin/9pfuse bench/fusebench test/fuse/nfctl; do
	[ -x "$build/$f" ] || { echo "fuse.sh: no $build/$f (build first: make)" >&2; exit 1; }
done
mb=${BENCH_MB:-256}
nfiles=${BENCH_FILES:-300}
nstats=${BENCH_STATS:-1000}
nexecs=${BENCH_EXECS:-300}
fb=$build/bench/fusebench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/benchfuse.XXXXXX")
shm=$(mktemp -d /dev/shm/benchfuse.XXXXXX)
[ "$(stat -f -c %T "$shm")" = tmpfs ] || { echo "fuse.sh: /dev/shm is not tmpfs" >&2; exit 1; }
export NAMESPACE=$tmp/ns
mkdir -m 700 "$NAMESPACE"
M=$tmp/m U=$tmp/u
mkdir "$M" "$U" "$tmp/empty"
pids=()

stop() {
	local p
	fusermount3 -u -z "$M" 2>/dev/null
	exec 8>&- 2>/dev/null
	fusermount3 -u -z "$U" 2>/dev/null
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	pids=()
	wait 2>/dev/null
	rm -f "$NAMESPACE/bench"
}
trap 'stop; rm -rf "$tmp" "$shm"' EXIT
trap 'exit 1' INT TERM HUP

# run PIN cmd...: cmd, on CPU 0 if PIN is pin
run() {
	local pin=$1
	shift
	if [ "$pin" = pin ]; then
		taskset -c 0 "$@"
	else
		"$@"
	fi
}

# start PIN: ramfs mounted on $M with 9pfuse, and a union of an empty directory and
# /usr/bin on $U
start() {
	local i
	stop
	run "$1" "$build/bin/ramfs" -s bench 2>>"$tmp/err" &
	pids+=($!)
	for i in $(seq 100); do
		[ -S "$NAMESPACE/bench" ] && break
		sleep 0.05
	done
	run "$1" "$build/bin/9pfuse" bench "$M" || exit 1
	rm -f "$tmp/in"
	mkfifo "$tmp/in"
	run "$1" "$build/test/fuse/nfctl" bin <"$tmp/in" >"$tmp/nfctl.out" 2>>"$tmp/err" &
	pids+=($!)
	exec 8>"$tmp/in"
	printf 'host %s a -\nhost /usr/bin a -\nmountat %s\n' "$tmp/empty" "$U" >&8
	for i in $(seq 100); do
		[ "$(grep -c '^ok' "$tmp/nfctl.out")" = 3 ] && return 0
		sleep 0.05
	done
	echo "fuse.sh: the union did not mount: $(cat "$tmp/nfctl.out" "$tmp/err")" >&2
	exit 1
}

# ddsecs PIN if of: seconds dd takes to copy with 1 MiB blocks
ddsecs() {
	run "$1" dd if="$2" of="$3" bs=1M count="$mb" 2>&1 >/dev/null |
		sed -n 's/.*copied, \([0-9.e-]*\) s.*/\1/p'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

mbs() {
	awk -v s="$1" -v m="$mb" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "-" }'
}

row() {
	printf '%-34s %12s %12s %8s\n' "$@"
}

bench() {
	local pin=$1 fw tw fr tr a b
	start "$pin"
	echo "== ${pin}ned (ratio: 9pfuse/tmpfs, of speed for MB/s and of time for the rest)"
	row "" "9pfuse" "tmpfs" "ratio"
	fw=$(ddsecs "$pin" /dev/zero "$M/big")
	tw=$(ddsecs "$pin" /dev/zero "$shm/big")
	row "write $mb MiB, dd bs=1M (MB/s)" "$(mbs "$fw")" "$(mbs "$tw")" "$(ratio "$tw" "$fw")"
	fr=$(ddsecs "$pin" "$M/big" /dev/null)
	tr=$(ddsecs "$pin" "$shm/big" /dev/null)
	row "read $mb MiB, dd bs=1M (MB/s)" "$(mbs "$fr")" "$(mbs "$tr")" "$(ratio "$tr" "$fr")"
	rm -f "$M/big" "$shm/big"
	mkdir "$M/c" "$shm/c" "$M/s" "$shm/s"
	a=$(run "$pin" "$fb" create "$M/c" "$nfiles")
	b=$(run "$pin" "$fb" create "$shm/c" "$nfiles")
	row "create+write $nfiles files (µs each)" "$a" "$b" "$(ratio "$a" "$b")"
	run "$pin" "$fb" create "$M/s" "$nstats" >/dev/null
	run "$pin" "$fb" create "$shm/s" "$nstats" >/dev/null
	a=$(run "$pin" "$fb" stat "$M/s" "$nstats")
	b=$(run "$pin" "$fb" stat "$shm/s" "$nstats")
	row "stat of $nstats files (µs each)" "$a" "$b" "$(ratio "$a" "$b")"
	a=$(run "$pin" "$fb" lsl "$M/s" 5)
	b=$(run "$pin" "$fb" lsl "$shm/s" 5)
	row "ls -l of $nstats entries (ms)" "$a" "$b" "$(ratio "$a" "$b")"
	a=$( { TIMEFORMAT=%R; time run "$pin" ls -l "$M/s" >/dev/null; } 2>&1)
	b=$( { TIMEFORMAT=%R; time run "$pin" ls -l "$shm/s" >/dev/null; } 2>&1)
	row "  the ls -l command itself (s)" "$a" "$b" "$(ratio "$a" "$b")"
	rm -rf "$M/c" "$shm/c" "$M/s" "$shm/s"
	row "" "union bin" "/usr/bin" "ratio"
	run "$pin" "$fb" exec "$U/true" 20 >/dev/null	# warm the caches of both
	run "$pin" "$fb" exec /usr/bin/true 20 >/dev/null
	a=$(run "$pin" "$fb" exec "$U/true" "$nexecs")
	b=$(run "$pin" "$fb" exec /usr/bin/true "$nexecs")
	row "exec true (µs each)" "$a" "$b" "$(ratio "$a" "$b")"
	stop
}

echo "fuse.sh: $(nproc) CPUs, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
bench un
bench pin
