#!/bin/bash
# fuse.sh: the FUSE bridge benchmark: planten's ramfs mounted with 9pfuse against tmpfs, and
# exec from a union bin directory (lib9pfuse, as nsd serves it) against the host's /usr/bin.
#
# Usage: bench/fuse.sh [builddir]	(default: the current directory)
# Environment: BENCH_MB (sequential file size, default 256), BENCH_FILES (small files created,
# default 300), BENCH_STATS (files stat'ed and listed, default 1000), BENCH_EXECS (execs, 300),
# BENCH_REPS (runs of each, default 5), BENCH_BIG (entries of the large directory, 10000),
# BENCH_ONLY=create (only the create rows).
# Every figure is taken unpinned and then with every process (ramfs, 9pfuse, the union
# server, the client) pinned to CPU 0: each measurement and its baseline run in turn,
# BENCH_REPS times, and the medians are printed with their ratio. /dev/fuse must be usable
# by the user (as on a desktop). About a minute and a half. The create row is followed by
# the same loop on nullfuse, a FUSE file system that answers every request at once with no
# 9P behind it: the kernel's and libfuse's share of a create on this machine; and by the
# same loop in a directory that already holds BENCH_BIG files (a create must not cost more
# as a directory grows).
# Targets: reads and writes at least 1/6 of tmpfs, under 64 µs per small-file create, exec
# from the union within 1.5x of the host's.

set -u
build=${1:-.}
for f in bin/ramfs bin/9pfuse bench/fusebench bench/nullfuse test/fuse/nfctl; do
	[ -x "$build/$f" ] || { echo "fuse.sh: no $build/$f (build first: make)" >&2; exit 1; }
done
mb=${BENCH_MB:-256}
nfiles=${BENCH_FILES:-300}
nstats=${BENCH_STATS:-1000}
nexecs=${BENCH_EXECS:-300}
reps=${BENCH_REPS:-5}
nbig=${BENCH_BIG:-10000}
only=${BENCH_ONLY:-}
fb=$build/bench/fusebench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/benchfuse.XXXXXX")
shm=$(mktemp -d /dev/shm/benchfuse.XXXXXX)
[ "$(stat -f -c %T "$shm")" = tmpfs ] || { echo "fuse.sh: /dev/shm is not tmpfs" >&2; exit 1; }
export NAMESPACE=$tmp/ns
mkdir -m 700 "$NAMESPACE"
M=$tmp/m U=$tmp/u MC=$tmp/mc N=$tmp/null
mkdir "$M" "$U" "$MC" "$N" "$tmp/empty"
pids=()

stop() {
	local p
	fusermount3 -u -z "$M" 2>/dev/null
	fusermount3 -u -z "$MC" 2>/dev/null
	fusermount3 -u -z "$N" 2>/dev/null
	exec 8>&-
	fusermount3 -u -z "$U" 2>/dev/null
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	pids=()
	wait 2>/dev/null
	rm -f "$NAMESPACE/bench"
	rm -rf "${shm:?}"/*
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

# bg PIN cmd...: cmd in the background (its own pid in $!), on CPU 0 if PIN is pin
bg() {
	local pin=$1
	shift
	if [ "$pin" = pin ]; then	# (<&0: a background command's stdin is /dev/null otherwise)
		taskset -c 0 "$@" <&0 &
	else
		"$@" <&0 &
	fi
}

# start PIN: ramfs mounted on $M with 9pfuse, and a union of an empty directory and
# /usr/bin on $U
start() {
	local i
	stop
	bg "$1" "$build/bin/ramfs" -s bench >/dev/null 2>>"$tmp/err"
	pids+=($!)
	for i in $(seq 100); do
		[ -S "$NAMESPACE/bench" ] && break
		sleep 0.05
	done
	run "$1" "$build/bin/9pfuse" bench "$M" </dev/null >/dev/null 2>>"$tmp/err" || exit 1
	run "$1" "$build/bin/9pfuse" -C bench "$MC" </dev/null >/dev/null 2>>"$tmp/err" || exit 1
	bg "$1" "$build/bench/nullfuse" "$N" >/dev/null 2>>"$tmp/err"
	pids+=($!)
	for i in $(seq 100); do
		[ -d "$N/d" ] && break
		sleep 0.05
	done
	rm -f "$tmp/in"
	mkfifo "$tmp/in"
	exec 8<>"$tmp/in"	# a writer first, so that opening it to read does not wait
	bg "$1" "$build/test/fuse/nfctl" bin <"$tmp/in" >"$tmp/nfctl.out" 2>>"$tmp/err" 8>&-
	pids+=($!)
	printf 'host %s a -\nhost /usr/bin a -\nmountat %s\n' "$tmp/empty" "$U" >&8
	for i in $(seq 100); do
		[ "$(grep -c '^ok' "$tmp/nfctl.out")" = 3 ] && return 0
		sleep 0.05
	done
	echo "fuse.sh: the union did not mount: $(cat "$tmp/nfctl.out" "$tmp/err")" >&2
	exit 1
}

# ddsecs PIN if of: seconds dd takes to copy $mb MiB with 1 MiB blocks
ddsecs() {
	run "$1" dd if="$2" of="$3" bs=1M count="$mb" 2>&1 >/dev/null |
		sed -n 's/.*copied, \([0-9.e-]*\) s.*/\1/p'
}

median() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'
}

# pair A-CMD B-CMD: run the two shell commands in turn $reps times; print the median of
# the numbers each printed, A's then B's
pair() {
	local i
	: >"$tmp/a"
	: >"$tmp/b"
	for i in $(seq "$reps"); do
		eval "$1" >>"$tmp/a"
		eval "$2" >>"$tmp/b"
	done
	echo "$(median <"$tmp/a") $(median <"$tmp/b")"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'
}

mbs() {
	awk -v s="$1" -v m="$mb" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "-" }'
}

row() {
	printf '%-34s %12s %12s %8s\n' "$@"
}

# fresh DIR: a new empty directory name under DIR each time
fresh() {
	local d
	d=$1/c$RANDOM$RANDOM
	mkdir "$d" && echo "$d"
}

bench() {
	local pin=$1 r a b
	start "$pin"
	[ "$pin" = pin ] && echo -n "== pinned to CPU 0" || echo -n "== not pinned"
	echo " (median of $reps runs side by side;" \
		"ratio 9pfuse/tmpfs: of speed for MB/s, of time otherwise)"
	row "" "9pfuse" "tmpfs" "ratio"
	if [ "$only" != create ]; then
	r=$(pair "ddsecs $pin /dev/zero $M/big" "ddsecs $pin /dev/zero $shm/big")
	row "write $mb MiB, dd bs=1M (MB/s)" "$(mbs ${r% *})" "$(mbs ${r#* })" \
		"$(ratio ${r#* } ${r% *})"
	r=$(pair "ddsecs $pin $M/big /dev/null" "ddsecs $pin $shm/big /dev/null")
	row "read $mb MiB, dd bs=1M (MB/s)" "$(mbs ${r% *})" "$(mbs ${r#* })" \
		"$(ratio ${r#* } ${r% *})"
	rm -f "$M/big" "$shm/big"
	fi
	r=$(pair 'run $pin $fb create $(fresh $M) $nfiles' \
		'run $pin $fb create $(fresh $shm) $nfiles')
	row "create+write $nfiles files (µs each)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	r=$(pair 'run $pin $fb create $N/d $nfiles' 'run $pin $fb create $(fresh $shm) $nfiles')
	row "  the same on nullfuse (the floor)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	mkdir "$M/b" "$shm/b"
	run "$pin" "$fb" create "$M/b" "$nbig" >/dev/null
	run "$pin" "$fb" create "$shm/b" "$nbig" >/dev/null
	bigat=$nbig
	r=$(pair 'run $pin $fb create $M/b $nfiles $bigat' \
		'run $pin $fb create $shm/b $nfiles $bigat; bigat=$((bigat + nfiles))')
	row "  the same beside $nbig entries" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	rm -rf "$shm/b"
	if [ "$only" = create ]; then
		stop
		return
	fi
	mkdir "$M/s" "$shm/s"
	run "$pin" "$fb" create "$M/s" "$nstats" >/dev/null
	run "$pin" "$fb" create "$shm/s" "$nstats" >/dev/null
	r=$(pair 'run $pin $fb stat $M/s $nstats' 'run $pin $fb stat $shm/s $nstats')
	row "stat of $nstats files (µs each)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	r=$(pair 'run $pin $fb lsl $M/s 1' 'run $pin $fb lsl $shm/s 1')
	row "ls -l of $nstats entries (ms)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	r=$(pair '{ TIMEFORMAT=%R; time run $pin ls -l $M/s >/dev/null; } 2>&1' \
		'{ TIMEFORMAT=%R; time run $pin ls -l $shm/s >/dev/null; } 2>&1')
	row "  the ls -l command (s)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	row "with 9pfuse -C (caching)" "9pfuse -C" "tmpfs" "ratio"
	r=$(pair 'run $pin $fb create $(fresh $MC) $nfiles' \
		'run $pin $fb create $(fresh $shm) $nfiles')
	row "create+write $nfiles files (µs each)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	r=$(pair 'run $pin $fb stat $MC/s $nstats' 'run $pin $fb stat $shm/s $nstats')
	row "stat of $nstats files (µs each)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	r=$(pair 'run $pin $fb lsl $MC/s 1' 'run $pin $fb lsl $shm/s 1')
	row "ls -l of $nstats entries (ms)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	row "" "union bin" "/usr/bin" "ratio"
	run "$pin" "$fb" exec "$U/true" 20 >/dev/null	# warm the caches of both
	run "$pin" "$fb" exec /usr/bin/true 20 >/dev/null
	r=$(pair 'run $pin $fb exec $U/true $nexecs' 'run $pin $fb exec /usr/bin/true $nexecs')
	row "exec true (µs each)" ${r% *} ${r#* } "$(ratio ${r% *} ${r#* })"
	stop
}

echo "fuse.sh: $(nproc) CPUs, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
bench un
bench pin
