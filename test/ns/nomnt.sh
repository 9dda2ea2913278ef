#!/bin/bash
# test/ns/nomnt.sh: TAP tests of rfork m (RFNOMNT): after it a name space group may bind
# what it has but not mount, nor attach devices but #c and #|; its copies and clean name spaces
# keep that, and neither the library, nsd nor the kernel's own mount calls let a process or
# its children undo it; as an unprivileged user.
. "$(dirname "$0")/lib.sh"

needfuse

postramfs r1
r1=$NAMESPACE/r1
mkdir -p a b
echo in-a > a/f
fork="$top_builddir/test/ns/nsfork"

same "before rfork m, mount works" "ok" ns9 "mount -c $r1 /n/r && echo ok"
fails "after rfork m, mount fails" 1 "mount: mount/attach disallowed" \
	9 ns rc -c "rfork m; mount $r1 /n/r"
same "... and binds of what is there still work, unions too" "in-a in-a" \
	ns9 "rfork m; bind a b; bind -a a /n; echo \`{cat b/f /n/f}"
fails "... no device but #c: #s" 1 "bind: #s: mount/attach disallowed" \
	9 ns rc -c "rfork m; bind '#s' /n"
same "... #c still" "ok" ns9 "rfork m; bind -a '#c' /n && test -e /n/cons && echo ok"
same "rfork nm: the new group, not the old one" "refused ok" \
	ns9 "@{rfork nm; mount $r1 /n/r >[2]/dev/null || echo -n 'refused '}; mount $r1 /n/r && echo ok"
same "rfork m holds for the whole group: a process started before it" "refused" \
	ns9 "$waitfile; rc -c 'waitfile go; mount $r1 /n/r >[2]/dev/null || echo refused' &
		rfork m; touch go; wait"
same "a child's rfork n cannot clear it" "refused" \
	ns9 "rfork m; rc -c 'rfork n; mount $r1 /n/r >[2]/dev/null || echo refused'"
same "nor rfork N" "refused" \
	ns9 "rfork m; rc -c 'rfork N; mount $r1 /n/r >[2]/dev/null || echo refused'"
same "nor the library's nsrfork" "refused" \
	ns9 "rfork m; $fork a b rc -c 'mount $r1 /n/r >[2]/dev/null || echo refused'"
same "nsrfork(NSRFNAMEG|NSRFNOMNT), as rfork nm" "in-a
refused" \
	ns9 "$fork -m a b rc -c 'cat b/f; mount $r1 /n/r >[2]/dev/null || echo refused'"
same "nor entering another group's mount namespace (setns)" "refused" \
	ns9 "rc -c 'rfork n; exec sleep 10' & other=\$apid; sleep 0.3
		rfork m; nsenter -m -t \$other mount $r1 /n/r >[2]/dev/null || echo refused
		kill \$other"
same "nor the kernel's calls: a new user namespace, fsopen, mount of a file system" \
	"unshare: Operation not permitted fsopen: Operation not permitted mount: Operation not permitted" \
	ns9 "rfork m; unshare -U true >[2]/dev/null || echo -n 'unshare: Operation not permitted '
		python3 -c '
import ctypes, os
c = ctypes.CDLL(None, use_errno=True)
c.syscall.restype = ctypes.c_long
r = c.syscall(430, b\"tmpfs\", 0)
print(\"fsopen:\", os.strerror(ctypes.get_errno()) if r < 0 else \"allowed\", end=\" \")
r = c.mount(b\"none\", b\"/n\", b\"tmpfs\", 0, None)
print(\"mount:\", os.strerror(ctypes.get_errno()) if r < 0 else \"allowed\")'"
fails "nor a new 9 ns" 1 "9: user namespace" 9 ns rc -c 'rfork m; 9 ns true'
same "outside 9 ns, rfork m holds too" "ok" \
	rc -c 'rfork m; unshare -U true >[2]/dev/null || echo ok'

# --- chdev: 9front's device mask, of which rfork m is one ---
same "chdev -r s: no #s, the rest stays" "refused mount pipe" \
	ns9 "chdev -r s; bind '#s' /n/s >[2]/dev/null || echo -n 'refused '
		mount $r1 /n/r && echo -n 'mount '; bind '#|' /mnt/p && echo pipe"
same "chdev cannot give back what it took" "refused" \
	ns9 "chdev -r s; chdev 'cs|M'; bind '#s' /n/s >[2]/dev/null || echo refused"
same "chdev c: only #c, no mounts, no pipes" "refused refused c" \
	ns9 "chdev c; bind '#|' /mnt/p >[2]/dev/null || echo -n 'refused '
		mount $r1 /n/r >[2]/dev/null || echo -n 'refused '; bind -a '#c' /n && echo c"
same "chdev holds in a clean name space made after it" "refused" \
	ns9 "chdev -r '|'; rc -c 'rfork N; bind ''#|'' /mnt/p >[2]/dev/null || echo refused'"
fails "chdev -n: nothing" 1 "bind: #c: mount/attach disallowed" \
	9 ns rc -c "chdev -n; bind -a '#c' /n"
same "chdev -r M: no mounts" "refused" \
	ns9 "chdev -r M; mount $r1 /n/r >[2]/dev/null || echo refused"
printf 'chdev -r M\n' > chdevm.ns
same "chdev -r M in a namespace file: the kernel's calls go too" "refused refused" \
	9 ns -n chdevm.ns rc -c "mount $r1 /n/r >[2]/dev/null || echo -n 'refused '
		unshare -U true >[2]/dev/null || echo refused"
printf 'chdev -r s\n' > chdev.ns
fails "chdev in a namespace file" 1 "bind: #s: mount/attach disallowed" \
	9 ns -n chdev.ns rc -c "bind '#s' /n/s"
fails "chdev without a mask" 1 "usage: chdev" 9 ns chdev
finish
