#!/bin/bash
# test/fuse/dead.sh: TAP tests of 9pfuse with slow, silent and dying servers. A call slower
# than -t on a server that still answers completes; a server that answers nothing is hung
# up on within about 2 x -t, and everything fails with EIO; a server that dies in the
# middle of a write, a directory read or a large read fails the program with EIO, never a
# hang, and 9pfuse lives on until the mount is unmounted.

: "${top_builddir:=.}" "${top_srcdir:=$(dirname "$0")/../..}"
PATH="$top_builddir/bin:$PATH"
. "$top_srcdir/test/fuse/lib.sh"

needfuse
needfusermount
fuseinit dead

fake ctl
# ctl line...: what the server does from now on (nothing: answer everything)
ctl() {
	printf '%s\n' "$@" >"$T/ctl.sock.ctl"
}
# took min max cmd...: cmd succeeds, taking from min to max seconds
took() {
	local min=$1 max=$2 s e
	shift 2
	s=$(date +%s%N)
	t "$@" || return 1
	e=$(( ($(date +%s%N) - s) / 1000000 ))
	[ "$e" -ge $((min*1000)) ] && [ "$e" -le $((max*1000)) ] || { echo "took $e ms"; return 1; }
}
# eio max cmd...: cmd fails with EIO (or ENOTCONN) within max seconds
eio() {
	local max=$1 s e
	shift
	s=$(date +%s%N)
	if timeout 20 "$@" >"$T/eio" 2>&1; then
		echo "succeeded"
		return 1
	fi
	e=$(( ($(date +%s%N) - s) / 1000000 ))
	if ! grep -qE "Input/output error|Transport endpoint is not connected" "$T/eio"; then
		cat "$T/eio"
		return 1
	fi
	[ "$e" -le $((max*1000)) ] || { echo "took $e ms"; return 1; }
}
read100() {
	[ "$(dd if="$1" bs=100 count=1 status=none | wc -c)" = 100 ]
}

# --- slow calls on a live server complete, whatever -t says ---
M=$T/m
check "mount with -t 1" mnt "$M" -t 1 "$T/ctl.sock"
ctl "delay Topen 3"
check "an open the server answers after 3 s completes" took 2 20 read100 "$M/f"
ctl "delay Tread 3"
check "a read the server answers after 3 s completes" took 2 20 read100 "$M/f"
ctl "delay Twalk 3"
check "a lookup the server answers after 3 s completes" took 2 20 stat "$M/f"
ctl "delay Tcreate 3"
check "a mkdir the server answers after 3 s completes" took 2 20 mkdir "$M/newdir"
ctl

# --- a server that stops answering, even the probe: EIO within about 2 x 1 s ---
exec 3<"$M/f"
ctl "hold any noflush"
check "a read of an open file on a server gone silent fails with EIO within 5 s" \
	eio 5 dd bs=100 count=1 status=none <&3
exec 3<&-
check "and so does everything after, at once" eio 1 ls "$M"
check "it unmounts" fusermount3 -u "$M"
ctl

# --- servers that die mid-way ---
# dies what action cmd...: with the server told action, cmd fails with EIO; 9pfuse lives on
# until the mount is unmounted, then exits
dies() {
	local what=$1 action=$2 d=$T/die.$n p
	shift 2
	ctl
	if ! mnt "$d" -t 2 "$T/ctl.sock"; then
		notok "mount for $what"
		return
	fi
	p=$(daemonpid "$d")
	ctl "$action"
	check "$what fails with EIO" eio 5 "${@//@/$d}"
	check "9pfuse lives on" kill -0 "$p"
	check "the mount unmounts" fusermount3 -u "$d"
	check "and 9pfuse exits" waitfor bash -c \
		"! kill -0 $p 2>/dev/null || grep -q '^State:.*Z' /proc/$p/status 2>/dev/null"
}
dies "a write the server dies in" "die Twrite 3" \
	dd if=/dev/zero of=@/f bs=64k count=64 conv=notrunc status=none
dies "a directory read the server dies in" "die Tread" ls @/d
dies "a 4 MiB read the server dies in" "die Tread 40" dd if=@/f of="$T/part" bs=64k status=none
check "after reading part of the file" \
	bash -c "s=\$(stat -c %s '$T/part'); [ \$s -gt 0 ] && [ \$s -lt 4194304 ]"
ctl

echo "1..$n"
