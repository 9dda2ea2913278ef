#!/bin/bash
# test/fuse/flush.sh: TAP tests of interrupts through 9pfuse. Every FUSE operation that
# becomes 9P calls, blocked on a server that holds one kind of message, is interrupted
# (SIGINT): its call is flushed (Tflush), and it ends with the signal once the Rflush, or
# the flush deadline, comes. 9pfuse runs with -t 0 (no deadlines), so only the interrupt
# can end the wait.

: "${top_builddir:=.}" "${top_srcdir:=$(dirname "$0")/../..}"
PATH="$top_builddir/bin:$PATH"
. "$top_srcdir/test/fuse/lib.sh"

needfuse
needfusermount
fuseinit flush

fake ctl
M=$T/m
check "mount a server that holds what it is told to, with -t 0" mnt "$M" -t 0 "$T/ctl.sock"
log=$T/ctl.log
# ctl line...: what the server does from now on (nothing: answer everything)
ctl() {
	printf '%s\n' "$@" >"$T/ctl.sock.ctl"
}
# logged pattern: the server logged a line matching pattern since mark
logged() {
	tail -n "+$((mark+1))" "$log" | grep -qx -- "$1"
}
# gone pid secs: pid ends within secs seconds
gone() {
	local i
	for i in $(seq $(($2*20))); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}
# interrupt what type cmd...: cmd, blocked on a message of type the server holds, gets
# SIGINT: it ends within 3 s, and the held message was flushed.
interrupt() {
	local what=$1 type=$2 p
	shift 2
	mark=$(wc -l <"$log")
	ctl "hold $type"
	env --default-signal=INT "$@" >/dev/null 2>&1 &
	p=$!
	if ! waitfor logged "hold $type"; then
		notok "$what: blocks on a $type" "$(tail -n "+$((mark+1))" "$log")"
		kill -KILL "$p" 2>/dev/null
		ctl
		return
	fi
	kill -INT "$p"
	if gone "$p" 3 && logged "flush $type"; then
		ok "$what: interrupted, its $type is flushed"
	else
		notok "$what: interrupted, its $type is flushed" \
			"$(kill -0 "$p" 2>/dev/null && echo still running)" \
			"$(tail -n "+$((mark+1))" "$log")"
	fi
	ctl
}

interrupt "stat of the root (getattr)" Tstat stat "$M"
interrupt "stat of a file (lookup)" Twalk stat "$M/f"
interrupt "open" Topen cat "$M/f"
interrupt "read" Tread cat "$M/f"
interrupt "write" Twrite dd if=/dev/zero of="$M/f" bs=100 count=1 conv=notrunc status=none
interrupt "ls (readdir)" Tread ls "$M/d"
interrupt "creat" Tcreate touch "$M/new"
interrupt "mkdir" Tcreate mkdir "$M/newdir"
interrupt "chmod (setattr)" Twstat chmod 600 "$M/f"
interrupt "truncate (setattr)" Twstat truncate -s 0 "$M/f"
interrupt "unlink" Tremove rm -f "$M/f"
interrupt "rmdir" Tremove rmdir "$M/d"
interrupt "rename" Twstat mv "$M/f" "$M/g"
same "the mount still answers" 4194304 stat -c %s "$M/f"

# the server answers the first call of a request even though it was flushed (the answer
# beats the Rflush), and holds the second: the request must not send it
mark=$(wc -l <"$log")
ctl "delay Twstat 30 finish" "hold Tstat after Twstat"
env --default-signal=INT chmod 600 "$M/f" >/dev/null 2>&1 &
p=$!
waitfor logged "delay Twstat"
kill -INT "$p"
if gone "$p" 3 && ! logged "hold Tstat"; then
	ok "an interrupt between two calls of a request: the second is never sent"
else
	notok "an interrupt between two calls of a request: the second is never sent" \
		"$(kill -0 "$p" 2>/dev/null && echo still running)" "$(tail -n "+$((mark+1))" "$log")"
fi
ctl

# a server that answers neither the call nor its Tflush: the flush deadline (here 5 s)
# ends the request
mark=$(wc -l <"$log")
ctl "hold Tstat noflush"
env --default-signal=INT stat "$M" >/dev/null 2>&1 &
p=$!
waitfor logged "hold Tstat"
kill -INT "$p"
check "a flush the server never answers ends at the flush deadline" gone "$p" 8
check "after flushing" logged "hold Tflush"
ctl
check "and it unmounts" fusermount3 -u "$M"

echo "1..$n"
