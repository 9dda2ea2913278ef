#!/bin/bash
# test/port/ns.sh: Plan 9 programs written for this test that change their name space, built
# with 9c and 9l and run in a name space of 9 ns as an unprivileged user: bind and union
# directories (union.c), rfork with and without RFNAMEG (nsfork.c) and in libthread's procs
# (procns.c), open a posted 9P service and mount its fd (srvmount.c), postmountsrv
# (hellofs.c); and what fails outside 9 ns. Prints TAP.
. "$(dirname "$0")/../ns/lib.sh"
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$(cd "$(dirname "$(command -v 9)")/.." && pwd)}

out=$(t 9 ns rc -c 'bind -a /tmp /n' 2>&1)
if [[ $out == *"FUSE bridge"* ]]; then
	echo "1..0 # SKIP nsd was built without the FUSE bridge"
	exit 0
fi

# 9c and 9l as in run.sh: the source tree's headers, the build tree's libraries
export PLANTEN_INCLUDE=$src/include PLANTEN_LIB=$T/lib
mkdir -p lib
for l in lib9 lib9p libthread libregexp libns; do
	ln -s "$build"/$l/.libs/$l.so* lib/
done
ln -s "$build/lib9/libp9main.a" lib/
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
for p in union nsfork procns srvmount hellofs; do
	if out=$(9c "$src/test/port/$p.c" 2>&1 && 9l -o $p $p.o 2>&1); then
		ok "9c $p.c && 9l -o $p $p.o"
	else
		notok "9c $p.c && 9l -o $p $p.o" "$out"
	fi
done

# each program runs in an empty directory of its own (env -C: t cannot run a function)
mkdir d.union d.fork d.procns d.mount d.outside d.outside2 d.outside3

same "union: bind, MAFTER, MBEFORE|MCREATE, unmount, and what bind refuses (missing, empty and long paths, bad flags, a file on a directory)" \
"u: a, f 1 times
u/f: from a
u/u1: file does not exist
u: a b, f 2 times
u/f: from a
u/b1: b1
u: c a b, f 3 times
u/f: from c
c/new: made in u
a/new exists: file does not exist
unmount c u: ok
u: a b, f 2 times
u/c1: file does not exist
create u/new2: file system is read-only
unmount u: ok
u: u, f 0 times
unmount u again: not mounted
bind nonesuch u: $T/d.union/nonesuch: file does not exist
bind a nonesuch: $T/d.union/nonesuch: file does not exist
bind -ab a u: bad flags
bind a/f u: inconsistent mount: $T/d.union/a/f and $T/d.union/u are not both directories
bind \"\" u: empty path
bind a 10000 x's: path too long
bind 10000 x's u: path too long
bind -a a/f b/f: inconsistent mount: a union of files
bind a/f b/f: ok
b/f: from a" env -C d.union 9 ns ../union
same "union: the name space went with 9 ns" "$(printf 'from b\nu1')" \
	sh -c "cat d.union/b/f && ls d.union/u"

same "nsfork: RFNAMEG copies both ways, no RFNAMEG shares, RFCNAMEG starts clean" \
"parent: u/f: from a
child: u/f: from b
parent: u/f: from a
parent after unmount: u/f: from u
child after the parent's unmount: u/f: from b
parent after a sharing child's bind: u/f: from b
child with its own copy: u/f: from u
parent: u/f: from b
child in a clean name space: u/f: from u
parent: u/f: from b" env -C d.fork 9 ns ../nsfork

mkdir d.procns/a d.procns/b d.procns/u
echo from a > d.procns/a/f
echo from b > d.procns/b/f
echo from u > d.procns/u/f
same "procns: procs share the name space; one with RFNAMEG has its own copy" \
"main after the sharer's bind: from b
copier: from a
main: from b
main after unmount: from u
copier after main's unmount: from a" env -C d.procns 9 ns ../procns

ramfs() {
	command ramfs -a "unix!$NAMESPACE/$1" </dev/null >/dev/null 2>&1 &
	pids+=($!)
	for i in $(seq 50); do [ -S "$NAMESPACE/$1" ] && return 0; sleep 0.1; done
	return 1
}
ramfs r1 || notok "ramfs r1 did not start"
same "srvmount: open /srv/r1, mount(fd, -1, ...), a union with a mount, what mount refuses" \
"m/hello: hello from the server
m: hello
m:
h: hello host
h/hello: hello from the server
h: host
mount /dev/null: 9P connection on a loop: not a pipe or socket
mount with afd: authentication (afd) is not supported
mount on nonesuch: $T/d.mount/nonesuch: file does not exist
mount on a file: inconsistent mount: $T/d.mount/h/host is not a directory
mount fd -1: fd out of range or not open
unmount m: not mounted" env -C d.mount 9 ns ../srvmount r1
same "srvmount: the server's file outlives the mount" "hello from the server" \
	9p read r1/hello
same "srvmount: 9 ns still works after the refused mounts" "ok" ns9 'echo ok'

# postmountsrv: the serving process (which keeps the name space alive) is stopped when the
# test ends; it must not hold the $(...) of same open
same "hellofs -m: postmountsrv posts and mounts in the program's name space" \
"welcome to planten
hello, world" ns9 "./hellofs -p $T/hellofs.pid -s hello -m /n/hello </dev/null >/dev/null >[2=1] &&
	cat /n/hello/lib/motd /n/hello/hello"
[ -s "$T/hellofs.pid" ] && pids+=("$(cat "$T/hellofs.pid")")
same "hellofs: the posted name serves too" "welcome to planten" 9p read hello/lib/motd
# mounted, not posted: the server serves its mount alone, and goes when the name space does
out=$(t 9 ns sh -c './hellofs -m /n/h2 </dev/null >/dev/null 2>&1 && cat /n/h2/hello; echo $PPID')
set -- $out
nsd=${3:-0}
for i in $(seq 50); do alive $nsd || break; sleep 0.1; done
[ "$1 $2" = "hello, world" ] && ! alive $nsd &&
	ok "hellofs -m alone: its mount is not in its own name space, so both go at the end" ||
	notok "postmountsrv -m alone" "$out" "$(ps -o pid,cmd --ppid $nsd 2>&1)"
alive $nsd && kill $(ps -o pid= --ppid $nsd) 2>/dev/null

# outside a name space
same "outside 9 ns: RFNAMEG has nothing to copy, the rest fails and says why" \
"rfork RFNAMEG: 0
rfork RFPROC|RFNAMEG: a child
rfork RFCNAMEG: not in a planten namespace (start one with 9 ns)
rfork RFPROC|RFCNAMEG: not in a planten namespace (start one with 9 ns)
bind: not in a planten namespace (start one with 9 ns)
mount: not in a planten namespace (start one with 9 ns)
unmount: not in a planten namespace (start one with 9 ns)" env -C d.outside ../nsfork -o
fails "outside 9 ns: union stops at its first bind" 1 \
	"union: bind a u: not in a planten namespace (start one with 9 ns)" env -C d.outside2 ../union
fails "outside 9 ns: srvmount stops at mount" 1 \
	"srvmount: mount: not in a planten namespace (start one with 9 ns)" env -C d.outside3 ../srvmount '#s/r1'

finish
