#!/bin/bash
# test/fuse/bigdir.sh: TAP tests of a large directory through 9pfuse: names made, found and
# removed in a directory of thousands cost ramfs and 9pfuse about what they cost in an empty
# one. Costs are CPU time (schedstat) of the two daemons, the best of three runs taken in
# turn, so a loaded machine changes them little; the bound is generous (5x: under a load of
# 15 one run measured 3.2x), and a cost that grows with the directory, as a linear scan for
# each name would, goes well past it.

: "${top_builddir:=.}" "${top_srcdir:=$(dirname "$0")/../..}"
PATH="$top_builddir/bin:$PATH"
. "$top_srcdir/test/fuse/lib.sh"

needfuse
if [ "$(id -u)" != 0 ] && ! command -v fusermount3 >/dev/null; then
	echo "1..0 # SKIP fusermount3 is not installed"
	exit 0
fi

T=$(mktemp -d /tmp/planten-bigdir.XXXXXX)
export NAMESPACE=$T/ns
mkdir -m 700 "$NAMESPACE"
M=$T/m
pids=()
cleanup() {
	local p
	fusermount3 -u -z "$M" 2>/dev/null || umount -l "$M" 2>/dev/null
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

Big=2000	# entries already in the large directory
K=300		# names made and removed in each run

ramfs -f -s big &
pids+=($!)
waitfor test -S "$NAMESPACE/big"
mkdir "$M"
check "9pfuse mounts ramfs" timeout 30 9pfuse big "$M"
fpid=$(pgrep -f -- "^[^ ]*9pfuse big $M\$")
pids+=($fpid)
check "9pfuse's pid is known" test -n "$fpid"

# cpu: ns of CPU ramfs and 9pfuse have used so far
cpu() {
	cat /proc/"${pids[0]}"/task/*/schedstat /proc/"$fpid"/task/*/schedstat 2>/dev/null |
		awk '{ s += $1 } END { printf "%d\n", s }'
}
# mk DIR FROM N: create DIR/nFROM ... (bash's own redirection: no process per file)
mk() {
	local i
	for ((i = $2; i < $2 + $3; i++)); do
		: >"$1/n$i" || return 1
	done
}
# rmr DIR FROM N: remove them again, the last made first, with one rm
rmr() {
	local i names=()
	for ((i = $2 + $3 - 1; i >= $2; i--)); do
		names+=("$1/n$i")
	done
	rm "${names[@]}"
}
# cost KEY cmd...: the ns of daemon CPU cmd took, kept in least[KEY] if less than it;
# -1 there for good if cmd failed
declare -A least
cost() {
	local key=$1 c0 c old
	shift
	c0=$(cpu)
	if ! "$@"; then
		least[$key]=-1
		return
	fi
	c=$(( $(cpu) - c0 )) old=${least[$key]:-}
	if [ -z "$old" ] || { [ "$old" -ge 0 ] && [ "$c" -lt "$old" ]; }; then
		least[$key]=$c
	fi
}
# within SMALL LARGE: both measured, and LARGE at most 5 times SMALL (and 20 ms)
within() {
	[ "${least[$1]:--1}" -gt 0 ] && [ "${least[$2]:--1}" -gt 0 ] &&
		[ "${least[$2]}" -le $(( 5 * ${least[$1]} + 20000000 )) ]
}

mkdir "$M/small" "$M/large"
check "make $Big files in one directory" mk "$M/large" 0 "$Big"
same "all are listed" "$Big" bash -c "ls '$M/large' | wc -l"

for r in 1 2 3; do	# each run's removes undo its creates
	cost smallmk mk "$M/small" 100000 "$K"
	cost smallrm rmr "$M/small" 100000 "$K"
	cost largemk mk "$M/large" 100000 "$K"
	cost largerm rmr "$M/large" 100000 "$K"
done
echo "# $K creates: ${least[smallmk]} ns of CPU in an empty directory," \
	"${least[largemk]} beside $Big entries"
echo "# $K removes: ${least[smallrm]} ns in an empty directory, ${least[largerm]} beside $Big"
check "creates beside $Big entries cost what they cost in an empty directory" \
	within smallmk largemk
check "and so do removes, the last made first" within smallrm largerm
same "the large directory still holds $Big files" "$Big" bash -c "ls '$M/large' | wc -l"
check "fusermount3 -u unmounts" fusermount3 -u "$M"
echo "1..$n"
