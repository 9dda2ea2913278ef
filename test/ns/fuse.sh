#!/bin/bash
# test/ns/fuse.sh: TAP tests of what name spaces serve through FUSE: union directories, 9P
# mounts (by srv name, socket path, descriptor and TCP), #c in /dev, host programs on a
# mount, a dying server; as an unprivileged user.
. "$(dirname "$0")/lib.sh"

out=$(t 9 ns rc -c 'bind -a /tmp /n' 2>&1)
if [[ $out == *"FUSE bridge"* ]]; then
	echo "1..0 # SKIP nsd was built without the FUSE bridge"
	exit 0
fi

mkdir -p a/sub b c mybin
echo in-a > a/f
echo a-only > a/fa
echo in-b > b/f
echo b-only > b/fb
echo in-c > c/f
echo a-sub > a/sub/s
printf '#!/bin/sh\necho from mybin\n' > mybin/hello
chmod +x mybin/hello

# ramfs posted as name, killed when the test ends
ramfs() {
	# -a, not -s: a server posting itself may go into the background, this one must not
	command ramfs -a "unix!$NAMESPACE/$1" </dev/null >/dev/null 2>&1 &
	pids+=($!)
	for i in $(seq 50); do [ -S "$NAMESPACE/$1" ] && return 0; sleep 0.1; done
	return 1
}
ramfs r1 || notok "ramfs r1 did not start"

# --- unions ---
listing() { ls -f "$@" | grep -v '^\.' | tr '\n' ' '; }
same "a union lists every member, in order, duplicates kept" "$(listing b; listing a)" \
	ns9 "bind -a a b; ls -f b | grep -v '^\.' | tr '\n' ' '"
same "lookups take the first member holding the name (-a)" "in-b
a-only" ns9 'bind -a a b; cat b/f b/fa'
same "lookups take the first member holding the name (-b)" "in-a
b-only" ns9 'bind -b a b; cat b/f b/fb'
same "three members in order" "in-c" ns9 'bind -a a b; bind -b c b; cat b/f'
same "walking into a subdirectory stays in its member" "s" ns9 'bind -a a b; ls b/sub'
same ".. of a union's subdirectory is the union" "$T/b" ns9 'bind -a a b; cd b/sub; cd ..; pwd'
same ".. of a union is its parent in the name space" "$T" ns9 'bind -a a b; cd b; cd ..; pwd'
same "unmount new old takes one member out" "in-b" ns9 'bind -b a b; unmount '$T'/a b; cat b/f'
same "unmount old takes the whole union" "f
fb" ns9 "bind -a a b; bind -a c b; unmount b; ls b"
same "binding a union copies it" "in-a
in-b" ns9 'bind -b a b; bind b c; unmount '$T'/a b; cat c/f; cat b/f'

same "files that say they are empty (/proc's) read whole through a union" "$(head -c 13 /proc/version)" \
	ns9 'bind -a /proc '$T'/c; head -c 13 '$T'/c/version'
same "9 ns inside 9 ns: the outer /dev's files read through the inner union" "$(id -un)" \
	9 ns 9 ns cat /dev/user

# --- creating in unions ---
same "create goes to the first -c member" "made" \
	ns9 'bind -a a b; bind -ac c b; echo made > b/new; cat c/new; rm b/new'
fails "create without a -c member fails" 1 "" \
	ns9 'bind -a a b; echo x > b/new2'
same "... and leaves no file behind" "no" sh -c "ls a/new2 b/new2 >/dev/null 2>&1 && echo yes || echo no"
same "remove and write act on the file found" "changed
gone" ns9 'bind -a a b; echo changed > b/fa; cat a/fa; rm b/fa; test -e a/fa || echo gone'
echo a-only > a/fa

# --- rfork with unions ---
same "rfork n: a member added in the child stays in the child" "in-a
in-b" ns9 'bind -a c b; @{rfork n; bind -b a b; cat b/f}; cat b/f'
same "rfork n: a member removed in the child stays in the child" "b-only
a-only" ns9 'bind -a a b; @{rfork n; unmount '$T'/a b; cat b/fb; cat b/fa >[2]/dev/null}; cat b/fa'
same "rfork n: the parent's later change stays in the parent" "in-b
in-a" ns9 "$waitfile"'; bind -a a b; {rfork n; touch forked; waitfile changed; cat b/f} &
	waitfile forked; unmount '$T'/b b; touch changed; wait; cat b/f; rm forked changed'
same "rfork N: no unions" "in-b" ns9 'bind -b a b; @{rfork N; cat b/f}'

# --- exec from a union /bin ---
same "exec of a program found through a union /bin" "from mybin" ns9 "bind -b $T/mybin /bin; hello"
same "the host's programs through the same union" "ok" ns9 "bind -b $T/mybin /bin; /bin/true && echo ok"
same "a compiled program in a union runs" "compiled" sh -c "
	printf '#include <stdio.h>\nint main(void){puts(\"compiled\");return 0;}\n' > prog.c &&
	cc -o mybin/prog prog.c && 9 ns rc -c 'bind -b $T/mybin /bin; prog'"

# --- 9P mounts ---
same "mount a posted service (/srv/name)" "hello" \
	ns9 'mount -c /srv/r1 /n/r1; echo hello > /n/r1/x; cat /n/r1/x'
same "unmount new old: new a mount point bound into a union" "in-b
no x" ns9 'mount -c /srv/r1 /n/r1; bind -a /n/r1 b; cat b/x >/dev/null && unmount /n/r1 b; cat b/f; test -e b/x || echo no x'
same "mount a Unix socket by path" "hello" ns9 "mount $NAMESPACE/r1 /n/p; cat /n/p/x"
same "mount an open descriptor (/fd/3)" "ok" \
	"$top_builddir/test/ns/withsrv" "devfs -i" 9 ns rc -c 'mount -n /fd/3 /n/d; test -e /n/d/cons && echo ok'
same "... or /dev/fd/3" "ok" \
	"$top_builddir/test/ns/withsrv" "devfs -i" 9 ns rc -c 'mount -n /dev/fd/3 /n/d; test -e /n/d/time && echo ok'
command ramfs -a 'tcp!127.0.0.1!0' </dev/null >tcp.addr 2>/dev/null &
pids+=($!)
for i in $(seq 50); do [ -s tcp.addr ] && break; sleep 0.1; done
addr=$(cat tcp.addr)
same "mount a dial string (TCP)" "over tcp" \
	ns9 "mount -c '$addr' /n/t; echo over tcp > /n/t/y; cat /n/t/y"
same "mount a dial string (unix!path)" "hello" ns9 "mount unix!$NAMESPACE/r1 /n/p; cat /n/p/x"
# net!host!9fs: a service name, port 564, which only a network namespace of our own lets us take
if t unshare -Urn true 2>/dev/null; then
	same "mount a dial string with a service name (net!localhost!9fs)" "by 9fs" \
		unshare -Urn sh -c 'ip link set lo up 2>/dev/null
		command ramfs -a "tcp!127.0.0.1!564" </dev/null >/dev/null 2>&1 & p=$!
		for i in $(seq 50); do 9p -a "tcp!127.0.0.1!564" ls / >/dev/null 2>&1 && break; sleep 0.1; done
		9 ns rc -c "mount -c net!localhost!9fs /n/x && echo by 9fs > /n/x/f && cat /n/x/f"
		kill $p'
fi
same "ns output with a TCP mount rebuilds it" "over tcp" \
	sh -c "9 ns rc -c \"mount '$addr' /n/t; ns\" > nstcp.out && 9 ns -n nstcp.out cat /n/t/y"
"$top_builddir/test/ns/withsrv" "devfs -i" 9 ns rc -c 'mount -n /fd/3 /n/d; ns' > nsfd.out 2>&1
same "ns output with a mount of a descriptor rebuilds it, given the descriptor again" "ok" \
	"$top_builddir/test/ns/withsrv" "devfs -i" 9 ns -n nsfd.out rc -c 'test -e /n/d/cons && echo ok'
# -C: the client may cache, until the file changes (qid.vers); without it, nothing is cached
same "without -C, a change made elsewhere shows at once" "one
two" ns9 'mount -c /srv/r1 /n/u; echo one > /n/u/cf; cat /n/u/cf; echo two | 9p write r1/cf
	cat /n/u/cf'
same "mount -C: a change made elsewhere shows once the file's version changed" "three
four, longer" ns9 'mount -C /srv/r1 /n/c; echo three > /n/c/cf; cat /n/c/cf
	echo four, longer | 9p write r1/cf; sleep 1.1; cat /n/c/cf'
same "ns prints -C" "mount -C /srv/r1 /n/c" ns9 'mount -C /srv/r1 /n/c; ns | grep /n/c'
9p rm r1/cf
same "mount with an attach name" "ok" ns9 'mount /srv/r1 /n/s ""; test -e /n/s/x && echo ok'
fails "mounting an address nobody listens on fails at once" 1 "connection refused" \
	9 ns mount 'tcp!127.0.0.1!1' /n/x
fails "mounting a file that is not a service" 1 "not a 9P service" 9 ns mount $T/a/f /n/x
same "mount -b and -a make unions of 9P trees" "x y" \
	ns9 "mount /srv/r1 /n/u; mount -a '$addr' /n/u; ls /n/u | sort | tr '\n' ' ' | sed 's/ \$//'"
same "unmount new old takes a 9P member out of a union" "fb
mount -b /srv/r1 $T/b" ns9 "mount -a /srv/r1 b; bind -a c b; unmount /srv/r1 b; ls b | grep fb
	unmount $T/c b; mount -b /srv/r1 b; unmount $T/b b; ns | grep $T/b"
same "mount -q is quiet about failures" "0 0" \
	ns9 "mount -q /srv/nothere /n/q >[2=1]; a=\$status; mount -q 'tcp!127.0.0.1!1' /n/q >[2=1]; echo \$a \$status"
same "a 9P mount as a union member (nsd's own file system)" "hello" \
	ns9 'mount -c /srv/r1 /n/r1; bind -b /n/r1 '$T'/b; cat '$T'/b/x'
same "a directory inside a 9P mount as a union member" "deep" \
	ns9 'mount -c /srv/r1 /n/r1; mkdir -p /n/r1/d1/d2; echo deep > /n/r1/d1/d2/z
		bind -a /n/r1/d1/d2 '$T'/b; cat '$T'/b/z'
same "a union made over a directory of a 9P mount" "in-a" \
	ns9 'mount -c /srv/r1 /n/r1; mkdir -p /n/r1/d3; bind -a '$T'/a /n/r1/d3; cat /n/r1/d3/f'
same "a union's subdirectory as a member of another union" "a-sub" \
	ns9 'bind -a a b; bind -a b/sub c; cat c/s'
same "binding a 9P mount, then a union there" "hello in-c" \
	ns9 'mount -c /srv/r1 /n/r1; bind /n/r1 '$T'/b; bind -a c b; echo `{cat b/x b/f}'
same "ns prints mounts" "mount -c /srv/r1 /n/r1" ns9 'mount -c /srv/r1 /n/r1; ns | grep /n/r1'
ns9 "bind -a a b; mount -c /srv/r1 /n/r1; bind -bc c b; ns" > ns.out 2>&1
look="cat $T/b/f /n/r1/x; ls $T/b | wc -l"
ns9 "bind -a a b; mount -c /srv/r1 /n/r1; bind -bc c b; $look" > look.out 2>&1
same "ns output with unions and mounts rebuilds the name space" "$(cat look.out)" \
	9 ns -n ns.out rc -c "$look"

# --- #c ---
same "/dev has Plan 9's console files beside the host's" "ok" \
	ns9 'test -e /dev/cons && test -e /dev/consctl && test -e /dev/time && test -e /dev/user &&
		test -e /dev/sysname && test -e /dev/hostowner && test -e /dev/pid &&
		test -e /dev/ppid && test -e /dev/random && test -e /dev/null && test -e /dev/tty &&
		echo ok'
same "/dev/user is the user" "$(id -un)" ns9 'cat /dev/user'
same "/dev/hostowner is the user" "$(id -un)" ns9 'cat /dev/hostowner'
same "/dev/sysname is the host's name" "$(uname -n)" ns9 'cat /dev/sysname'
same "/dev/time: seconds, nanoseconds, ticks and ticks a second, as Plan 9's" "ok" \
	9 ns sh -c 'read s ns ticks hz </dev/time; now=$(date +%s)
		[ $((s - now)) -le 2 ] && [ $((now - s)) -le 2 ] && [ ${ns%?????????} = $s ] &&
		[ $hz = 1000000000 ] && [ $(wc -c </dev/time) = 78 ] && echo ok'
same "/dev/random gives as many bytes as asked, never the same twice" "4096 different" \
	9 ns sh -c 'echo $(head -c 4096 /dev/random | wc -c) $([ "$(head -c 16 /dev/random | od -An -tx1)" != "$(head -c 16 /dev/random | od -An -tx1)" ] && echo different)'
same "/dev/pid and /dev/ppid are the reader's" "same same" \
	9 ns sh -c 'read p </dev/pid; read pp </dev/ppid; [ $p = $$ ] && echo -n "same "; [ $pp = $PPID ] && echo same'
same "/dev/cons is the process's terminal" "$(stat -L -c %t,%T /dev/tty)" \
	ns9 'stat -L -c %t,%T /dev/cons'
same "/dev/consctl takes rawon without a terminal" "ok" ns9 'echo rawon > /dev/consctl && echo ok'
same "the host's devices still work" "ok" \
	ns9 'echo x > /dev/null && head -c 4 /dev/zero | wc -c | grep -q 4 && echo ok'
same "/dev/pts is the host's" "$(stat -c %d /dev/pts)" ns9 'stat -c %d /dev/pts'

# --- host programs on a ramfs mount ---
printf '#include <stdio.h>\nint main(void){puts("built here");return 0;}\n' > p.c
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
hostprogs='mount -c /srv/r1 /n/h; cd /n/h
	mkdir tree && cp -a '$T'/a tree/ && ls tree/a | wc -l | grep -q 3 || echo cp failed
	tar cf t.tar tree && mkdir untar && tar xf t.tar -C untar && cmp untar/tree/a/f tree/a/f || echo tar failed
	find tree -type f | wc -l | grep -q 3 || echo find failed
	du -s tree >/dev/null || echo du failed
	git init -q repo && cd repo && echo one > file && git add file &&
		git commit -qm one && cd .. &&
		git clone -q repo clone && cat clone/file | grep -q one || echo git failed
	cp '$T'/p.c . && cc -o p p.c && ./p | grep -q built || echo cc failed
	echo done'
same "host programs work on a 9P mount (cp -a, tar, find, du, git, cc)" "done" ns9 "$hostprogs"

# --- several processes at once ---
same "several processes use one mount at once" "ok" ns9 'mount -c /srv/r1 /n/m
	for(i in 1 2 3 4) { for(j in `{seq 20}) echo $i$j >> /n/m/f$i } &
	wait
	{for(i in 1 2 3 4) wc -l < /n/m/f$i} | sort -u | grep -qx 20 && cat /n/m/f* | wc -l | grep -qx 80 && echo ok'

# --- a dying server ---
command ramfs -a "unix!$NAMESPACE/dying" </dev/null >/dev/null 2>&1 &
dp=$!
for i in $(seq 50); do [ -S "$NAMESPACE/dying" ] && break; sleep 0.1; done
start=$(date +%s%N)
out=$(t 9 ns rc -c 'mount -c /srv/dying /n/d; echo x > /n/d/x
	kill '$dp'; sleep 0.2
	cat /n/d/x >[2=1]; ls /n/d >[2=1]; unmount /n/d && echo unmounted; ls /n/d | wc -l' 2>&1)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [[ $out == *"Input/output error"* ]] && [[ $out == *unmounted* ]] && [ $ms -lt 5000 ]; then
	ok "a dead server's mount fails with EIO within 5 s ($ms ms), and unmounts"
else
	notok "a dead server" "after $ms ms: $out"
fi

# --- a server posted from inside ---
out=$(t 9 ns sh -c 'ramfs -s inside && mount -c /srv/inside /n/i && echo hi > /n/i/f && cat /n/i/f
	echo $PPID')
set -- $out
[ "$1" = hi ] && ok "ramfs -s x && mount /srv/x /n/x works in a script" || notok "ramfs -s in 9 ns" "$out"
nsd=${2:-0}
sleep 0.3
alive $nsd && ok "the posted server keeps the name space" || notok "nsd went with ramfs posted"
rm -f "$NAMESPACE/inside"
for i in $(seq 50); do alive $nsd || break; sleep 0.1; done
! alive $nsd && ok "removing its name ends it, and then the name space (its own mount of it too)" ||
	notok "ramfs and nsd stay after the name was removed" "$(ps -o pid,cmd --ppid $nsd 2>&1)"

# --- the end of a name space ---
out=$(t 9 ns sh -c 'echo $PPID $(stat -L -c %i /proc/self/ns/user); mount -c /srv/r1 /n/e
	bind -a /tmp /n; cat /dev/time /n/e/x >/dev/null; (sleep 0.3 &)')
set -- $out
nsd=$1
for i in $(seq 50); do alive $nsd || break; sleep 0.1; done
! alive $nsd && ok "with its last process gone, nsd and its FUSE mounts go" ||
	notok "nsd with FUSE mounts stays" "pid $nsd"
left=
for p in /proc/[0-9]*; do
	[ "$(stat -L -c %i $p/ns/user 2>/dev/null)" = "$2" ] && alive ${p#/proc/} && left="$left ${p#/proc/}"
done
[ -z "$left" ] && ok "... and no process of the name space is left" ||
	notok "processes left" "$(ps -o pid,cmd -p ${left// /,} 2>&1)"
# (other tests mount things here meanwhile: look for what this one mounted)
! grep -Eq " /n/e | - fuse[^ ]* /srv/r1 " /proc/self/mountinfo &&
	ok "... and nothing of it is mounted outside" || notok "mounts outside" "$(grep fuse /proc/self/mountinfo)"

finish
