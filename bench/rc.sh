#!/bin/bash
# rc.sh: times planten's rc against Debian's 9base rc, bash and dash on the same workloads.
#
# Usage: bench/rc.sh [-q]      (run from the source or build tree, or set RC)
#	-q	quicker: fewer runs (for a smoke test)
# Environment: RC (default ./bin/rc, else $top_builddir/bin/rc), RCFLAGS (default
# "-m SRCDIR/rc/rcmain" when that file exists), RC9 (default /usr/lib/plan9/bin/rc),
# RCBASE and RCBASEFLAGS (optional: another build of our rc, say of an older commit,
# timed in the same run as "base", to compare a change against).
# Needs hyperfine and python3. Each workload runs once unpinned and once pinned to CPU 0
# (taskset -c 0); the table gives mean times and the ratio ours/theirs (below 1: we win).
# Targets: faster than 9base rc and bash everywhere, within 1.2x of dash on fork/exec,
# `rc -c exit` well under 2 ms.

set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/.." && pwd)
runs=3
[ "${1:-}" = -q ] && runs=1

RC=${RC:-}
if [ -z "$RC" ]; then
	for c in ./bin/rc "${top_builddir:-/nonexistent}/bin/rc"; do
		[ -x "$c" ] && { RC=$(cd "$(dirname "$c")" && pwd)/rc; break; }
	done
fi
if [ -z "$RC" ] || [ ! -x "$RC" ]; then
	echo "rc.sh: no rc to measure; set RC or run from the build tree" >&2
	exit 1
fi
if [ -z "${RCFLAGS+set}" ]; then
	RCFLAGS=
	[ -f "$srcdir/rc/rcmain" ] && RCFLAGS="-m $srcdir/rc/rcmain"
fi
RC9=${RC9:-/usr/lib/plan9/bin/rc}
for t in hyperfine python3 taskset; do
	command -v $t >/dev/null || { echo "rc.sh: $t is needed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rcbench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

shells=(ours 9base bash dash)
declare -A cmd=([ours]="$RC $RCFLAGS" [9base]="$RC9" [bash]="bash" [dash]="dash")
[ -x "$RC9" ] || { echo "rc.sh: $RC9 missing, skipping 9base" >&2; shells=(ours bash dash); }
if [ -n "${RCBASE:-}" ]; then
	shells=(ours base "${shells[@]:1}")
	cmd[base]="$RCBASE ${RCBASEFLAGS:-}"
fi

l20=$(seq -s ' ' 0 19)
l100=$(seq -s ' ' 0 99)

# loop: 200 000 iterations of an assignment and a pattern match
cat >"$work/loop.rc" <<EOF
for(a in $l20) for(b in $l100) for(c in $l100) {
	x=\$a^\$b^\$c
	if(~ \$x *5*) y=\$x
}
status=''
EOF
cat >"$work/loop.sh" <<EOF
for a in $l20; do for b in $l100; do for c in $l100; do
	x=\$a\$b\$c
	case \$x in *5*) y=\$x;; esac
done; done; done
true
EOF

# fork: 2 000 fork/execs of /bin/true
cat >"$work/fork.rc" <<'EOF'
for(i in `{seq 2000}) /bin/true
EOF
cat >"$work/fork.sh" <<'EOF'
for i in $(seq 2000); do /bin/true; done
EOF

# recurse: a function recursing 500 deep (shifting its argument list; dash stops at
# 1000), 40 times
cat >"$work/recurse.rc" <<'EOF'
fn d { if(! ~ $#* 0) { shift; d $* } }
l=`{seq 500}
for(i in `{seq 40}) d $l
status=''
EOF
cat >"$work/recurse.sh" <<'EOF'
d() { if [ $# -gt 0 ]; then shift; d "$@"; fi; }
l=$(seq 500)
for i in $(seq 40); do d $l; done
true
EOF

# list: a 100 000-element list built from a command, doubled, suffixed and counted,
# then 3 000 appends one element at a time (9base rc is quadratic there)
cat >"$work/list.rc" <<'EOF'
x=`{seq 100000}
y=($x $x)
z=$x^.c
n=$#y
x=() y=() z=()
l=()
for(i in `{seq 3000}) l=($l $i)
EOF
cat >"$work/list.sh" <<'EOF'
x=$(seq 100000)
set -- $x $x
y=$(for w in $x; do printf '%s.c ' "$w"; done)
n=$#
l=
for i in $(seq 3000); do l="$l $i"; done
EOF

workloads=(loop fork recurse list startup)

# bench TAG PIN: run every workload under every shell, results in $work/TAG-W.json
bench() {
	local tag=$1 pin=$2 w s args
	for w in "${workloads[@]}"; do
		args=()
		for s in "${shells[@]}"; do
			case $w in
			startup)
				args+=(-n "$s" "${cmd[$s]} -c exit");;
			*)
				case $s in
				ours|base|9base) args+=(-n "$s" "${cmd[$s]} $work/$w.rc");;
				*) args+=(-n "$s" "${cmd[$s]} $work/$w.sh");;
				esac;;
			esac
		done
		if [ $w = startup ]; then
			$pin hyperfine -N --style none --warmup 20 --runs $((runs*100)) \
				--export-json "$work/$tag-$w.json" "${args[@]}" >/dev/null 2>&1
		else
			$pin hyperfine -N --style none --runs $runs \
				--export-json "$work/$tag-$w.json" "${args[@]}" >/dev/null 2>&1
		fi || echo "rc.sh: hyperfine failed on $w ($tag)" >&2
	done
}

# check every shell computes the same thing before timing it
for w in loop fork recurse list; do
	for s in "${shells[@]}"; do
		case $s in ours|base|9base) f=$work/$w.rc;; *) f=$work/$w.sh;; esac
		if ! timeout 120 ${cmd[$s]} "$f" >/dev/null 2>"$work/err"; then
			echo "rc.sh: $s fails on $w:" >&2
			sed 's/^/	/' "$work/err" >&2
		fi
	done
done

bench unpinned ""
bench pinned "taskset -c 0"

python3 - "$work" "${shells[@]}" <<'EOF'
import json, sys, os
work, shells = sys.argv[1], sys.argv[2:]
others = [s for s in shells if s != "ours"]
workloads = ["loop", "fork", "recurse", "list", "startup"]
print("%-8s %-8s " % ("", "") + " ".join("%10s" % s for s in shells) + "  " +
	" ".join("%10s" % ("ours/" + s) for s in others))
for tag in ["unpinned", "pinned"]:
	for w in workloads:
		p = os.path.join(work, "%s-%s.json" % (tag, w))
		if not os.path.exists(p):
			continue
		res = {r["command"]: r["mean"] for r in json.load(open(p))["results"]}
		unit, scale = ("ms", 1e3) if w == "startup" else ("s", 1)
		row = "%-8s %-8s " % (tag, w)
		row += " ".join("%8.3f%-2s" % (res[s] * scale, unit) if s in res else "%10s" % "-"
			for s in shells)
		ok = lambda s: "ours" in res and s in res and res[s] > 0
		row += "  " + " ".join("%9.2fx" % (res["ours"] / res[s]) if ok(s) else "%10s" % "-"
			for s in others)
		print(row)
print()
print("targets: ours/9base < 1 and ours/bash < 1 on every workload;"
	" ours/dash <= 1.2 on fork; ours startup well under 2 ms")
EOF
