#!/bin/bash
# srv/devfs/test.sh: TAP tests of devfs, the console device server, through 9p(1).
export NAMESPACE=$(mktemp -d /tmp/planten-devfs.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$NAMESPACE"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
notok() { n=$((n+1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
t() { timeout 20 "$@"; }

devfs -a "unix!$NAMESPACE/dev" </dev/null &
pid=$!
for i in $(seq 50); do [ -S "$NAMESPACE/dev" ] && break; sleep 0.1; done

got=$(t 9p ls dev | tr '\n' ' ')
want="cons consctl hostowner pid ppid random sysname time user "
[ "$got" = "$want" ] && ok "the console device's files" || notok "files" "want: $want" "got: $got"

got=$(t 9p read dev/user)
[ "$got" = "$(id -un)" ] && ok "user is the user" || notok "user" "got: $got"
got=$(t 9p read dev/hostowner)
[ "$got" = "$(id -un)" ] && ok "hostowner is the user" || notok "hostowner" "got: $got"
got=$(t 9p read dev/sysname)
[ "$got" = "$(uname -n)" ] && ok "sysname is the host's name" || notok "sysname" "got: $got"

got=$(t 9p read dev/pid)
[ "$got" = "$(printf '%11d ' "$pid")" ] && ok "pid: 11 digits wide and a space, as Plan 9's" ||
	notok "pid" "got: '$got'"

got=$(t 9p read dev/time)
set -- $got
now=$(date +%s)
if [ $# = 4 ] && [ ${#got} = 78 ] && [ $(( $1 - now )) -le 2 ] && [ $(( now - $1 )) -le 2 ] &&
	[ "${2:0:9}" = "${1:0:9}" ] && [ "$4" = 1000000000 ]; then
	ok "time: seconds, nanoseconds, ticks, ticks a second"
else
	notok "time" "got: '$got'"
fi

got=$(t 9p read dev/random | head -c 4096 | wc -c)
[ "$got" = 4096 ] && ok "random gives as many bytes as asked" || notok "random" "got: $got"

out=$(echo rawon | t 9p write dev/consctl 2>&1) && ok "consctl takes rawon" || notok "rawon" "$out"
out=$(echo bogus | t 9p write dev/consctl 2>&1)
[ $? != 0 ] && [[ $out == *"unknown control message"* ]] && ok "consctl refuses what it does not know" ||
	notok "consctl bogus" "$out"
out=$(echo x | t 9p write dev/time 2>&1)
[ $? != 0 ] && ok "time cannot be set" || notok "time write" "$out"
out=$(t 9p read dev/consctl 2>&1)
[ $? != 0 ] && ok "consctl cannot be read" || notok "consctl read" "$out"
# cons reads the server's standard input (here /dev/null: end of file at once)
out=$(t 9p read dev/cons 2>&1)
[ $? = 0 ] && [ -z "$out" ] && ok "cons reads devfs's input" || notok "cons read" "$out"

# hostile clients: garbage, a huge size, half messages held open, a flood never read
out=$(t python3 -c '
import random, socket, struct, sys, time
path = sys.argv[1]
random.seed(3)
for i in range(50):
    s = socket.socket(socket.AF_UNIX); s.connect(path)
    s.sendall(bytes(random.getrandbits(8) for _ in range(random.randint(1, 3000))))
    s.settimeout(2)
    try: s.recv(100)
    except OSError: pass
    s.close()
s = socket.socket(socket.AF_UNIX); s.connect(path)
s.sendall(struct.pack("<IB", 0xffffffff, 100) + b"x" * 100)
s.settimeout(5)
print("huge size answered with a hangup:", s.recv(100) == b"")
held = []
for i in range(300):
    c = socket.socket(socket.AF_UNIX); c.connect(path); c.sendall(struct.pack("<IB", 100, 100)); held.append(c)
c = socket.socket(socket.AF_UNIX); c.connect(path); c.setblocking(False)
msg = struct.pack("<IBHIH", 19, 100, 0xffff, 8192, 6) + b"9P2000"
t = time.time()
try:
    while time.time() - t < 1: c.send(msg * 100)
except BlockingIOError: pass
' "$NAMESPACE/dev" 2>&1)
got=$(t 9p read dev/user)
[ "$got" = "$(id -un)" ] && [[ $out == *"hangup: True"* ]] &&
	ok "garbage, a huge size, held half messages and a flood leave devfs serving" ||
	notok "hostile clients" "$out" "user: $got"

# -s: returns once posted, serving on in the background; -f stays
out=$(t devfs -s posted 2>&1)
st=$?
bg=$(t 9p read posted/pid 2>/dev/null | tr -d ' ')
if [ $st = 0 ] && [ -z "$out" ] && [ -n "$bg" ] && kill -0 "$bg" 2>/dev/null; then
	ok "devfs -s returns once the name is posted and serves on"
else
	notok "devfs -s" "status $st: $out" "pid: $bg"
fi
[ -n "$bg" ] && kill "$bg" 2>/dev/null
devfs -f -s fg </dev/null >/dev/null 2>&1 &
fg=$!
for i in $(seq 50); do [ -S "$NAMESPACE/fg" ] && break; sleep 0.1; done
got=$(t 9p read fg/pid | tr -d ' ')
[ "$got" = "$fg" ] && ok "devfs -f -s stays in the foreground" || notok "-f" "want $fg got $got"
kill "$fg" 2>/dev/null

echo "1..$n"
