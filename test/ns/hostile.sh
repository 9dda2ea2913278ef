#!/bin/bash
# test/ns/hostile.sh: TAP tests of name spaces under attack, as an unprivileged user: garbage
# and floods on nsd's control socket, hostile namespace files, binds in loops, odd names,
# many processes forking name spaces at once, and peers killed with SIGKILL.
. "$(dirname "$0")/lib.sh"

py=${top_srcdir:-$(dirname "$0")/../..}/test/ns/nsctl.py
# [limit=N] nsctl mode...: the hostile client, in a name space (whose nsd may have at most N
# descriptors); its "ok"/"bad" lines become TAP
nsctl() {
	local line out
	out=$(t bash -c "${limit:+ulimit -n $limit;} exec 9 ns python3 \"\$0\" \"\$@\"" "$py" "$@" 2>&1)
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "nsd: ${line#ok }";;
		*) notok "nsd: $*" "$line";;
		esac
	done <<<"$out"
	[ -n "$out" ] || notok "nsd: $*: no output"
}

# a silent connection takes nsd 5 s to hang up: let it run while the rest goes on
t 9 ns python3 "$py" idle >idle.out 2>&1 &
idlepid=$!
pids+=($idlepid)

# --- nsd's control socket ---
nsctl garbage
# nsd runs out of descriptors (its limit is ours, 256): no spinning, and it recovers
limit=256 nsctl flood 600

# --- hostile namespace files ---
mkdir -p d/b
{ for i in $(seq 10000); do echo "# line $i"; done; echo "bind $T/d $T/d/b"; } > long.ns
same "a namespace file of 10,000 lines" "b" 9 ns -n long.ns ls d/b
head -c 1048000 /dev/zero | tr '\0' a | sed 's/^/bind /' > bigline.ns
fails "a line of 1 MB" 1 "bigline.ns:1: line too long" 9 ns -n bigline.ns true
head -c 1100000 /dev/zero | tr '\0' '#' > huge.ns
fails "a file over 1 MB" 1 "huge.ns: file too large" 9 ns -n huge.ns true
echo ". $T/self.ns" > self.ns
fails "a file including itself" 1 "self.ns: includes nested too deeply" 9 ns -n self.ns true
echo ". $T/b.ns" > a.ns
echo ". $T/a.ns" > b.ns
fails "two files including each other" 1 "includes nested too deeply" 9 ns -n a.ns true
printf 'bind %s/d %s/d/b\nbind %s/nothere /n\n' "$T" "$T" "$T" > half.ns
fails "an error is the file's line and why, and nothing else" 1 \
	"9: half.ns:2: bind: $T/nothere: file does not exist" 9 ns -n half.ns true
out=$(t 9 ns -n half.ns true 2>&1)
[ "$(wc -l <<<"$out")" = 1 ] && ok "... on one line" || notok "one line" "$out"
fails "and the program does not run in a half-made name space" 1 "" \
	9 ns -n half.ns sh -c 'echo ran > ran'
[ ! -e ran ] && ok "... it did not" || notok "the program ran"

# --- binds in loops, names with spaces and newlines ---
mkdir -p l/a/b 'sp ace' 'new
line'
echo sp > 'sp ace/f'
same "bind a directory onto its own subdirectory" "b" ns9 "bind l/a l/a/b; ls l/a/b"
same "and a union of it there" "b
b" ns9 "bind -a l/a l/a/b; ls l/a/b/b; ls l/a/b"
same "a union bound onto its own member" "b" ns9 "bind -a l/a l/a/b; bind -a l/a/b l/a; ls l/a | sort -u"
ns9 "bind -a '$T/sp ace' '$T/new
line'; bind '$T/sp ace' l/a; ns" > odd.ns 2>&1
same "ns quotes names with spaces and newlines so 9 ns -n reads them back" "sp
sp" 9 ns -n odd.ns sh -c "cat '$T/new
line/f' l/a/f"

# --- long names ---
deep=$T/long
for c in d e f g h i j k l m n o p q r; do deep=$deep/$(head -c 250 /dev/zero | tr '\0' $c); done
mkdir -p "$deep"
echo deep > "$deep/f"
same "a union of a directory whose path is 3,800 bytes long" "deep" \
	ns9 "bind -a $deep $T/l; cat $T/l/f"
command ramfs -a "unix!$NAMESPACE/spec" </dev/null >/dev/null 2>&1 &
pids+=($!)
for i in $(seq 50); do [ -S "$NAMESPACE/spec" ] && break; sleep 0.1; done
spec=$(head -c 4000 /dev/zero | tr '\0' s)
same "an attach name of 4,000 bytes is passed whole" "4022" \
	ns9 "mount /srv/spec /n/s $spec && ns | grep /n/s | wc -c"
fails "one of 20,000 bytes is refused" 1 "mount: attach name too long" \
	9 ns mount /srv/spec /n/s "$(head -c 20000 /dev/zero | tr '\0' s)"

# --- many processes changing name spaces at once ---
# (about 6 s on an idle machine, much longer under ASan on a loaded one)
tlimit=180 same "200 processes each rfork n and bind at once" "200" ns9 "mkdir -p x y
	{for(i in \`{seq 200}) @{rfork n; bind -a $T/x $T/y && ns | grep -c $T/y | grep -qx 2 &&
		echo ok} &
	wait} | grep -c ok"
same "and the parent's name space has none of it" "0" ns9 "ns | grep -c $T/y; true"

# --- peers killed ---
command ramfs -a "unix!$NAMESPACE/mid" </dev/null >/dev/null 2>&1 &
rp=$!
pids+=($rp)
for i in $(seq 50); do [ -S "$NAMESPACE/mid" ] && break; sleep 0.1; done
start=$(date +%s%N)
out=$(t 9 ns rc -c 'mount -c /srv/mid /n/m
	head -c 32M /dev/zero > /n/m/big
	{ cat /n/m/big | { sleep 0.3; cat >/dev/null }; echo read $status } &
	sleep 0.1; kill -9 '$rp'; wait
	ls /n/m >[2=1]; unmount /n/m && echo unmounted' 2>&1)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [[ $out == *"Input/output error"* ]] && [[ $out == *unmounted* ]] && [ $ms -lt 5000 ]; then
	ok "a server killed mid-read: EIO within 5 s, and it unmounts ($ms ms)"
else
	notok "a server killed mid-read" "after $ms ms: $out"
fi
out=$(t 9 ns sh -c 'kill -9 $PPID; sleep 0.3
	cat '$T'/d/b/../../long.ns | wc -l; exit 5' 2>err)
st=$?
[ "$out" = 10001 ] && [ $st = 5 ] && grep -q "the name space daemon died" err &&
	ok "nsd killed: 9 says so, waits for the program and exits with its status" ||
	notok "nsd killed" "status $st: $out" "$(cat err)"
out=$(t 9 ns sh -c 'echo $PPID; kill -9 $PPID; sleep 0.3; bind -a /tmp /n' 2>&1 | tail -1)
[[ $out == *"bind: "* ]] && ok "... and bind says what is wrong" || notok "bind after nsd" "$out"
out=$(t 9 ns sh -c 'mount -c /srv/spec /n/k && bind -a /tmp /n/k && kill -9 $PPID; sleep 0.3
	ls /n/k 2>&1; unmount /n/k && echo unmounted; test -d /n/k && echo there' 2>&1)
[[ $out == *"not connected"* ]] && [[ $out == *unmounted*there ]] &&
	ok "... its mounts fail (ENOTCONN) and unmount" || notok "mounts after nsd" "$out"
9 ns sh -c 'echo $PPID > nsd.pid; sleep 0.5; echo $$ > prog.pid; sleep 0.5' &
nine=$!
for i in $(seq 50); do [ -s nsd.pid ] && break; sleep 0.1; done
kill -9 $nine
wait $nine 2>/dev/null
nsd=$(cat nsd.pid)
for i in $(seq 50); do [ -s prog.pid ] && break; sleep 0.1; done
[ -s prog.pid ] && ok "9 killed: the program goes on" || notok "9 killed: the program stopped"
for i in $(seq 50); do alive $nsd || break; sleep 0.1; done
! alive $nsd && ok "... and when it ends, nsd goes" || notok "nsd stays after 9 was killed"

wait $idlepid
out=$(cat idle.out)
[[ $out == "ok "* ]] && ok "nsd: ${out#ok }" || notok "nsd: a silent connection" "$out"

finish
