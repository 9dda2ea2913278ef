#!/bin/bash
# test/ns/rebuild.sh: TAP tests that ns(1) prints a name space that 9 ns -n builds again
# exactly: every kind of entry (binds of directories and files, unions in order, create
# members, mounts with -c, -C, -n, -N and attach names, copied unions), names with spaces,
# quotes, $ and #, each printed, rebuilt, printed again and looked at; as an unprivileged user.
. "$(dirname "$0")/lib.sh"

needfuse

postramfs r1
postramfs "r 2"

mkdir -p a b c 'sp ace' "q'uo" 'd$ollar' '#hash' e
for d in a b c 'sp ace' "q'uo" 'd$ollar' '#hash' e; do echo "$d" > "$d/in-$d"; done
echo one > f1
echo two > "f'2"

# every kind of entry; the rc script in a file, so its quotes stay rc's
cat > build.rc <<'RC'
bind -a a b
bind -b c b
bind -c 'sp ace' 'q''uo'
bind f1 'f''2'
bind b 'd$ollar'
bind -a b e
mount -cC /srv/r1 /n/c
mount -N /srv/r1 /n/none
mount -nc '/srv/r 2' /n/spec 'x y$z#'
mount -b /srv/r1 /n/c
bind -bc /n/spec './#hash'
bind -a c /n/none
echo r1 > /n/c/in-r1
echo r2 > '#hash/in-r2'
RC
echo 'ns' > ns.rc
# what the name space looks like: each union's listing and the file bound on a file
cat > look.rc <<'RC'
for(d in b 'q''uo' 'd$ollar' e /n/c /n/none /n/spec '#hash')
	echo $d: `{ls -f $d | grep -v '^\.'}
cat 'f''2'
RC
t 9 ns rc -c '. build.rc; . ns.rc >ns1.out; . look.rc' > look1.out 2>&1
t 9 ns -n ns1.out rc -c '. ns.rc >ns2.out; . look.rc' > look2.out 2>&1
t 9 ns -n ns2.out rc -c '. ns.rc' > ns3.out 2>&1

for w in "mount -cC /srv/r1 /n/c" "mount -N /srv/r1 /n/none" \
	"mount -cn '/srv/r 2' /n/spec 'x y\$z#'" "bind -c '$T/sp ace' '$T/q''uo'" \
	"bind $T/f1 '$T/f''2'" "bind $T/b '$T/d\$ollar'" "bind -a $T/b $T/e" \
	"bind -bc /n/spec '$T/#hash'"; do
	grep -qxF "$w" ns1.out && ok "ns prints: $w" || notok "ns prints: $w" "$(cat ns1.out)"
done
[ -s ns1.out ] && cmp -s ns1.out ns2.out && cmp -s ns1.out ns3.out &&
	ok "printed, rebuilt and printed again: the same" ||
	notok "ns round trip" "first:" "$(cat ns1.out)" "then:" "$(cat ns2.out)"
grep -q "in-c in-b in-a" look1.out && grep -qx "#hash: in-r2 in-#hash" look1.out && cmp -s look1.out look2.out &&
	ok "the rebuilt name space looks the same" ||
	notok "rebuilt name space" "first:" "$(cat look1.out)" "then:" "$(cat look2.out)"

# --- ns [-r] [pid], and what 9front's bind and mount accept ---
same "ns pid prints another process's name space" "bind $T/a $T/c
cd $T/a" ns9 "rc -c 'rfork n; bind a c; cd a; exec sleep 10' & other=\$apid; sleep 0.5
	ns -r \$other | grep -v '#\|/dev'; kill \$other"
fails "ns of a process that is not there" 1 "no such process" 9 ns ns 999999999
fails "ns with a bad pid" 1 "usage: ns [-r] [pid]" 9 ns ns 12x
fails "bind evaluates new first: its error is reported" 1 "bind: $T/nothere: file does not exist" \
	9 ns bind nothere /n/x/y
same "mount -k keypattern is accepted" "ok" ns9 "mount -k 'proto=p9any' $NAMESPACE/r1 /n/k && echo ok"
finish
