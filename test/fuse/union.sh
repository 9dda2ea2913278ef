#!/bin/bash
# test/fuse/union.sh: TAP tests of lib9pfuse's union directories, driven through
# test/fuse/nfctl: host directories and ramfs trees as members, Plan 9's rules, edits while
# mounted, binds and current directories that must survive them. Detached mounts need a
# user namespace: the script runs itself in one (unshare -Urm), as the namespace daemon will.

: "${top_builddir:=.}" "${top_srcdir:=$(dirname "$0")/../..}"
PATH="$top_builddir/bin:$PATH"
nfctl=$top_builddir/test/fuse/nfctl
. "$top_srcdir/test/fuse/lib.sh"

needfuse
if [ -z "$NFUNION_NS" ]; then
	if ! unshare -Urm true 2>/dev/null; then
		echo "1..0 # SKIP no unprivileged user namespaces" \
			"(sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone)"
		exit 0
	fi
	NFUNION_NS=1 exec unshare -Urm --propagation private "$0" "$@"
fi

T=$(mktemp -d /tmp/planten-union.XXXXXX)
export NAMESPACE=$T/ns
mkdir -m 700 "$NAMESPACE"
pids=()
U=$T/u

cleanup() {
	local p
	umount -l "$U/d" 2>/dev/null
	umount -l "$U" 2>/dev/null
	umount -l "$T/u2" 2>/dev/null
	[ -n "$NF_PID" ] && kill "$NF_PID" 2>/dev/null
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ls as a sorted line
lsl() {
	ls "$@" | tr '\n' ' ' | sed 's/ $//'
}

# nf command...: send a command to nfctl and wait for its answer, which must be "ok...".
mkfifo "$T/nfin" "$T/nfout"
"$nfctl" union <"$T/nfin" >"$T/nfout" 2>"$T/nfctl.err" &
NF_PID=$!
exec 8>"$T/nfin" 9<"$T/nfout"
nf() {
	local r
	echo "$*" >&8
	IFS= read -t 20 -r r <&9 || { echo "no answer from nfctl"; return 1; }
	if [ "$r" = ended ]; then
		touch "$T/ended"
		IFS= read -t 20 -r r <&9
	fi
	echo "$r"
	case $r in ok*) return 0;; esac
	return 1
}

A=$T/A B=$T/B C=$T/C D=$T/D E=$T/E
mkdir -p "$A/d" "$B/d" "$C" "$D" "$E/d" "$U"
echo A >"$A/x"; echo onlyA >"$A/a"; echo fA >"$A/d/fA"
echo B >"$B/x"; echo onlyB >"$B/b"; echo fB >"$B/d/fB"
echo C >"$C/x"; echo onlyC >"$C/c"
echo Z >"$D/zz"

# --- host members ---
check "add host directory A after" nf host "$A" a -
check "add host directory B after" nf host "$B" a -
check "mount the union detached and move it into place" nf mountfd "$U"
check "it is a fuse.9p mount" grep -q " $U fuse.9p " /proc/self/mounts
same "a name in both: the first member's file" "A" cat "$U/x"
same "names from each member" "onlyA onlyB" echo $(cat "$U/a" "$U/b")
same "reading the union lists both members, duplicates kept" "a b d d x x" lsl "$U"
same "in member order" "a d x | b d x" \
	bash -c "ls -U '$U' | head -3 | sort | tr '\n' ' '; echo -n '| ';
		ls -U '$U' | tail -3 | sort | tr '\n' ' ' | sed 's/ \$//'"
same "a subdirectory is the first member's, not a union" "fA" lsl "$U/d"
same ".. of it is the union" "a b d d x x" lsl "$U/d/.."
fails "no create member: create fails with EROFS" "Read-only file system" touch "$U/new"
fails "and so does mkdir" "Read-only file system" mkdir "$U/newdir"
check "creating inside a member's subdirectory works" \
	bash -c "echo in >'$U/d/made' && test -f '$A/d/made'"
echo A2 >"$U/x"
same "a write goes to the file found" "A2 B" echo $(cat "$A/x" "$B/x")
rm "$U/x"
same "remove takes the first member's file" "B" cat "$U/x"
check "which is gone from A only" bash -c "! test -e '$A/x' && test -e '$B/x'"
echo A >"$A/x"
same "a file made in a member directly shows (after the lookup cache's second)" "A" \
	bash -c "sleep 1.1; cat '$U/x'"
check "rename within a member, in the root" bash -c "mv '$U/a' '$U/a2' && test -f '$A/a2'"
check "rename onto another member's name fails with EXDEV" exdev "$U/b" "$U/d/b"
same "the two members' x have different inode numbers" "2" python3 -c "
import os
print(len({e.inode() for e in os.scandir('$U') if e.name == 'x'}))"

# --- a create member before the others, added while mounted ---
cat "$U/x" >/dev/null	# cached: x is A's
check "add C before all, with create" nf host "$C" bc -
same "C's x now hides A's at once" "C" cat "$U/x"
same "C's names show" "onlyC" cat "$U/c"
check "create goes to C" bash -c "echo new >'$U/new' && test -f '$C/new' && ! test -e '$A/new'"
check "mkdir goes to C" bash -c "mkdir '$U/nd' && test -d '$C/nd'"
fails "a missing name" "No such file" cat "$U/zz"
check "add D, which has it, after all" nf host "$D" a -
same "the name shows at once: the negative entry was dropped" "Z" cat "$U/zz"
check "remove C" nf del 2
same "A's x is back at once" "A" cat "$U/x"
fails "and C's names are gone" "No such file" cat "$U/c"

# --- binds and current directories survive edits that do not touch them ---
mkdir "$T/bindsrc"
echo bound >"$T/bindsrc/file"
check "bind a directory on the union's d" mount --bind "$T/bindsrc" "$U/d"
(cd "$U/d" && sleep 60) &	# killed below
sleeper=$!
check "add E (which also has d) after all" nf host "$E" a -
same "the bind is still there" "bound" cat "$U/d/file"
same "and after lookups time out and revalidate" "bound" \
	bash -c "sleep 1.2; ls '$U' >/dev/null; cat '$U/d/file'"
same "a process in the union's d stays there" "$U/d" readlink "/proc/$sleeper/cwd"
kill $sleeper 2>/dev/null
wait $sleeper 2>/dev/null
umount "$U/d"
same "under the bind, d is A's still" "fA made" lsl "$U/d"

# --- a ramfs tree as a member ---
ramfs -f -s ram &
pids+=($!)
waitfor test -S "$NAMESPACE/ram"
9p create ram/x ram/r
echo R | 9p write ram/x
echo onlyR | 9p write ram/r
9p mkdir ram/d
9p create ram/d/fR
check "add the ramfs before all, with create" nf 9p "unix!$NAMESPACE/ram" bc -
same "its x hides the others" "R" cat "$U/x"
same "its d is the one walked into" "fR" lsl "$U/d"
same "its names show" "onlyR" cat "$U/r"
check "create goes to the ramfs" \
	bash -c "echo made >'$U/made9p' && 9p read ram/made9p | grep -q made"
check "rename in it" bash -c "mv '$U/r' '$U/r2' && 9p ls ram | grep -qx r2"
same "reading the root lists every member" "a2 b d d d d made9p r2 x x x zz" lsl "$U"
(cd "$U/d" && while [ ! -e "$T/go" ]; do sleep 0.05; done; ls >"$T/lsafter") &
user=$!
waitfor bash -c "[ \"\$(readlink /proc/$user/cwd)\" = '$U/d' ]"
check "remove the ramfs member while a process is in its d" nf del 5
touch "$T/go"
same "the name means A's d again at once" "fA made" lsl "$U/d"
wait $user
same "the process there still reads it" "fR" cat "$T/lsafter"

# --- a dead 9P member does not take the host members down ---
ramfs -f -s ram2 &
r2=$!
pids+=($r2)
waitfor test -S "$NAMESPACE/ram2"
check "add another ramfs before all" nf 9p "unix!$NAMESPACE/ram2" b -
kill $r2
wait $r2 2>/dev/null
same "after it died, names from the host members still resolve" "onlyB" cat "$U/b"
fails "but listing the union fails with EIO" "Input/output error" ls "$U"

# --- replace ---
check "add C alone, replacing every member" nf host "$C" - -
same "only C's names remain" "c nd new x" lsl "$U"
same "x is C's" "C" cat "$U/x"

# --- a passing error on revalidation keeps the name, and what is bound on it ---
fake flaky
r=$(nf 9p "unix!$T/flaky.sock" b -)
check "add a server whose walks will fail for a while, before C" test "${r%% *}" = ok
mkdir "$T/fb"
echo bound2 >"$T/fb/file"
check "bind a directory on its d" mount --bind "$T/fb" "$U/d"
touch "$T/flaky.sock.flaky"
same "while walks to d fail with i/o error, the bind stays" "bound2" cat "$U/d/file"
same "and again" "file" ls "$U/d"
rm "$T/flaky.sock.flaky"
check "unbind" umount "$U/d"
check "remove that member" nf del "${r#ok }"

# --- exec from a union /bin ---
mkdir "$T/bin1" "$T/bin2"
cp /bin/true "$T/bin2/true"
printf '#!/bin/sh\necho script ran\n' >"$T/bin2/script"
chmod +x "$T/bin2/script"
twobins() { nf host "$T/bin1" - - && nf host "$T/bin2" a -; }
check "a union of two bin directories" twobins
check "runs a binary found in its second member" "$U/true"
same "and a script" "script ran" "$U/script"
same "found through PATH" "script ran" env PATH="$U:/usr/bin:/bin" script

# --- detached: unmounting ends it ---
check "unmount the union" umount "$U"
check "close" nf close
check "nfctl heard from the library that the file system ended" test -e "$T/ended"
wait "$NF_PID" 2>/dev/null
check "nfctl printed nothing on standard error" test ! -s "$T/nfctl.err"

# --- the other way of mounting: at a path, through fuse_session_mount ---
mkdir "$T/u2"
mkfifo "$T/in2"
"$nfctl" union2 <"$T/in2" >"$T/out2" 2>"$T/err2" &
nf2=$!
pids+=($nf2)
exec 7>"$T/in2"
echo "host $A a -" >&7
echo "mountat $T/u2" >&7
check "a union mounted at a path" waitfor grep -qx ok "$T/out2"
same "serves its member" "onlyA" cat "$T/u2/a2"
echo close >&7
check "nfclose unmounts it" \
	waitfor bash -c "[ \$(wc -l <'$T/out2') = 3 ] && ! grep -q ' $T/u2 ' /proc/self/mounts"
exec 7>&-
check "and nfctl exits" waitfor bash -c "! kill -0 $nf2 2>/dev/null"
check "having printed nothing on standard error" test ! -s "$T/err2"
echo "1..$n"
