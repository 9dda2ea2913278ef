#!/bin/bash
# ns.sh: name spaces against the best baselines on this machine, side by side in one run,
# unpinned and pinned to one CPU (taskset -c 0). Run by hand as an ordinary user, with
# planten's programs (9, nsd, ramfs, mount, bind, ...) first in $PATH: an installed tree is
# best, as libtool's wrappers in a build tree add a shell to every program started.
#
#	start-up	`9 ns true` against `unshare -U -m --map-current-user true`, the kernel's
#			floor for a user and mount namespace (target: under 50 ms)
#	exec		1000 execs of /bin/true through a union /bin (a directory of one's own
#			first, the host's /bin after it) against the host's /bin under another
#			name, a kernel bind made before (target: 1.5x)
#	9P ramfs	a 9P mount of ramfs (mount -c, uncached) against tmpfs: dd write and read
#			of 256 MiB (bs=1M; target: each at least 1/6 of tmpfs's rate, a time
#			ratio of at most 6), 300 small files created and written (target: under
#			64 us each), stat of 1000 files, ls -l of a 1000-entry directory
# Usage: bench/ns.sh [-q]	-q: fewer rounds, for a smoke test
set -u
rounds=5
[ "${1:-}" = -q ] && rounds=1
for t in 9 nsd ramfs taskset unshare; do
	command -v $t >/dev/null || { echo "ns.sh: $t is needed in \$PATH" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/nsbench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
export NAMESPACE=$work/srv
mkdir -m 700 "$NAMESPACE"

# The workloads, run inside one name space: "name target seconds" lines.
cat >"$work/inner.sh" <<'EOF'
set -u
work=$1 rounds=$2
ramfs -a "unix!$NAMESPACE/bench" </dev/null >/dev/null 2>&1 &
for i in $(seq 100); do [ -S "$NAMESPACE/bench" ] && break; sleep 0.05; done
mount -c /srv/bench /n/ramfs || exit 1
tmp=$(mktemp -d /dev/shm/nsbench.XXXXXX)
now() { date +%s%N; }
# timed name dir cmd...: run cmd (a function), print the seconds it took
timed() {
	local name=$1 dir=$2 t0
	shift 2
	t0=$(now)
	"$@" "$dir"
	echo "$name $dir $(( $(now) - t0 ))"
}
ddwrite() { dd if=/dev/zero of=$1/big bs=1M count=256 status=none; }
ddread() { dd if=$1/big of=/dev/null bs=1M status=none; }
small() { local i; mkdir $1/small; for i in $(seq 300); do echo data > $1/small/f$i; done; }
mkmany() { local i; mkdir $1/many; for i in $(seq 1000); do : > $1/many/f$i; done; }
statmany() { stat -c %s $1/many/* >/dev/null; }
lsmany() { ls -l $1/many >/dev/null; }
clean() { rm -rf $1/big $1/small $1/many; }
for r in $(seq $rounds); do
	for d in $tmp /n/ramfs; do
		timed ddwrite $d ddwrite
		timed ddread $d ddread
		timed small $d small
		mkmany $d
		timed stat $d statmany
		timed ls $d lsmany
		clean $d
	done
done
# exec: /bin made a union (a directory of our own first, then the host's), against the
# host's directory under another name (a kernel bind, as fast as the directory itself),
# in turn. planten's bind, not bash's builtin of that name (readline's key bindings).
bind=$(type -P bind)
mkdir -p $work/mybin $work/hostbin
"$bind" /bin/ $work/hostbin || { echo "ns.sh: bind /bin failed" >&2; exit 1; }
"$bind" -b $work/mybin /bin || { echo "ns.sh: bind -b failed" >&2; exit 1; }
[ "$(stat -f -c %T /bin/)" = fuseblk ] || [ "$(stat -f -c %T /bin/)" = fuse ] ||
	{ echo "ns.sh: /bin is no union after bind -b: $(stat -f -c %T /bin/)" >&2; exit 1; }
[ "$(stat -f -c %T $work/hostbin/)" != fuseblk ] ||
	{ echo "ns.sh: $work/hostbin is in the union too" >&2; exit 1; }
execs() { local i; for i in $(seq 1000); do $1/true; done; }
for r in $(seq $rounds); do
	timed exec $work/hostbin execs
	timed exec /bin execs
done
rm -rf $tmp
kill %1
EOF

# startup: mean nanoseconds of N runs of a command
startup() {
	local n=$1 t0 i
	shift
	t0=$(date +%s%N)
	for i in $(seq $n); do "$@" || return 1; done
	echo $(( ($(date +%s%N) - t0) / n ))
}

report() {
	local tag=$1 pin=$2 a b
	echo "== $tag"
	a=$($pin bash -c "$(declare -f startup); startup $((rounds*10)) 9 ns true")
	b=$($pin bash -c "$(declare -f startup); startup $((rounds*10)) unshare -U -m --map-current-user true")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%-28s %10.2f ms  %10.2f ms  %6.2fx   (target: under 50 ms)\n",
		"start-up: 9 ns true", a / 1e6, b / 1e6, a / b }'
	$pin 9 ns bash "$work/inner.sh" "$work" "$rounds" >"$work/$tag.out" 2>"$work/$tag.err" ||
		{ echo "ns.sh: the workloads failed:"; cat "$work/$tag.err"; return; }
	awk -v tag="$tag" '
	{ key = $1 " " ($2 ~ /ramfs/ || $2 == "/bin" ? "ours" : "base"); sum[key] += $3; cnt[key]++ }
	END {
		split("ddwrite ddread small stat ls exec", w, " ")
		desc["ddwrite"] = "dd write 256 MiB"; desc["ddread"] = "dd read 256 MiB"
		desc["small"] = "300 small files"; desc["stat"] = "stat 1000 files"
		desc["ls"] = "ls -l 1000 entries"; desc["exec"] = "1000 execs of /bin/true"
		target["ddwrite"] = "at most 6"; target["ddread"] = "at most 6"
		target["exec"] = "at most 1.5"
		printf "%-28s %13s  %13s  %7s\n", "workload (ours vs base)", "ours", "base", "ratio"
		for(i = 1; i <= 6; i++){
			k = w[i]
			o = sum[k " ours"] / cnt[k " ours"] / 1e6
			b = sum[k " base"] / cnt[k " base"] / 1e6
			extra = ""
			if(k == "small")
				extra = sprintf("   (%.1f us a file, %.1f over tmpfs; target: under 64)",
					o * 1000 / 300, (o - b) * 1000 / 300)
			else if(k in target)
				extra = "   (target: " target[k] ")"
			printf "%-28s %10.2f ms  %10.2f ms  %6.2fx%s\n", desc[k], o, b, o / b, extra
		}
	}' "$work/$tag.out"
}
echo "ours: 9P mount of ramfs, union /bin; base: tmpfs (/dev/shm), host /bin; mean of $rounds"
report unpinned ""
report pinned "taskset -c 0"
