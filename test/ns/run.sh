#!/bin/bash
# test/ns/run.sh: TAP tests of name spaces (9 ns, bind, mount, unmount, ns, rfork, nsd) run
# as an unprivileged user: planten-test when started as root.
set -u

if [ "$(id -u)" = 0 ]; then
	id planten-test >/dev/null 2>&1 || useradd -r -M -s /bin/sh planten-test 2>/dev/null
	exec su planten-test -s /bin/bash -c "$(printf '%q ' env PATH="$PATH" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		top_srcdir="${top_srcdir:-}" top_builddir="${top_builddir:-}" bash "$0")"
fi

T=$(mktemp -d /tmp/planten-nstest.XXXXXX)
# sanitizer reports of daemons (whose standard error is /dev/null) land here, checked last
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$T/asan"
[ -n "${UBSAN_OPTIONS:-}" ] && export UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$T/ubsan"
export NAMESPACE=$T/srv
mkdir -p "$NAMESPACE"
chmod 700 "$NAMESPACE"
cd "$T" || exit 1
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	cd /
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
notok() {
	local l
	n=$((n+1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | head -c 2000 | sed 's/^/# /'
	done
}
# t cmd...: with a time limit, so nothing hangs the suite
t() { timeout -k 5 30 "$@"; }
# same what want cmd...: ok when cmd succeeds printing exactly want (stderr included)
same() {
	local what=$1 want=$2 got
	shift 2
	got=$(t "$@" 2>&1)
	if [ $? = 0 ] && [ "$got" = "$want" ]; then
		ok "$what"
	else
		notok "$what" "want: $want" "got: $got"
	fi
}
# fails what status message cmd...: ok when cmd exits with status, its stderr holding message
fails() {
	local what=$1 st=$2 msg=$3 got err
	shift 3
	err=$(t "$@" 2>&1 >/dev/null)
	got=$?
	if [ "$got" = "$st" ] && [[ $err == *"$msg"* ]]; then
		ok "$what"
	else
		notok "$what" "want status $st and: $msg" "got status $got and: $err"
	fi
}
# ns9 script: run the rc script in a new name space
mkdir -p bin
printf '#!/bin/sh\nexec 9 ns rc -c "$1"\n' > bin/ns9
chmod +x bin/ns9
PATH=$T/bin:$PATH
# alive pid: the process is there and not a zombie
alive() { [ -r /proc/$1/stat ] && ! grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat; }

mkdir -p a/sub b c
echo in-a > a/fa
echo in-b > b/fb
echo in-c > c/fc
echo one > f1
echo two > f2

# --- starting a name space ---
same "9 ns runs a command" "hello" 9 ns echo hello
t 9 ns sh -c 'exit 3'
st=$?
[ $st = 3 ] && ok "9 ns exits with the command's status" || notok "exit status" "got $st"
t 9 ns sh -c 'kill -TERM $$'
st=$?
[ $st = 143 ] && ok "a command killed by a signal: 9 ns dies of it too" || notok "signal" "got $st"
same "rc is the default command, reading standard input" "from rc" \
	sh -c 'echo "echo from rc" | 9 ns'
t 9 ns nosuchcommand 2>err
st=$?
[ $st -ge 126 ] && grep -q "9: nosuchcommand: " err && ok "a missing command" ||
	notok "a missing command" "status $st: $(cat err)"
same "9 CMD runs planten's CMD ahead of the host's" "$(dirname "$(command -v 9)")/mount" \
	env PATH=/usr/bin:/bin "$(command -v 9)" sh -c 'command -v mount'

# --- what is in it ---
same "host directories where they were" "ok" ns9 'test -x /usr/bin/env && test -d /proc/self &&
	test -d '$T' && echo hi > /dev/null && echo ok'
same "Plan 9's directories" "ok" ns9 'test -d /srv && test -d /n && test -d /mnt/term &&
	test -d /mnt/factotum && test -d /fd/ && echo ok'
same "/n and /mnt are writable" "ok" ns9 'mkdir /n/x /mnt/y && rmdir /n/x /mnt/y && echo ok'
same "/fd is the process's open files" "ok" ns9 'test -e /fd/0 && test -e /fd/7 >[7]/dev/null &&
	echo ok'
same "/srv is the srv directory" "posted" sh -c "touch '$NAMESPACE/posted'; 9 ns ls /srv"
same "the working directory is kept" "$T" 9 ns pwd
same "nothing leaks to the host" "$(grep -c . /proc/self/mountinfo)" \
	sh -c "9 ns bind $T/a $T/b; grep -c . /proc/self/mountinfo"

# --- bind ---
same "bind a directory" "fa sub" ns9 "bind a b; ls b | tr '\n' ' ' | sed 's/ \$//'"
same "bind a file onto a file" "one" ns9 'bind f1 f2; cat f2'
same "bind replaces what was bound" "in-c" ns9 'bind a b; bind c b; cat b/fc'
same "new is evaluated at bind time" "in-a" ns9 'bind a c; bind c b; unmount c; cat b/fa'
same ".. follows the name space" "$T" ns9 "bind a b; cd b; cd ..; pwd"
same ".. of a bound subdirectory" "$T/b" ns9 "bind a b; cd b/sub; cd ..; pwd"
same "bind -c on a plain bind" "made" ns9 'bind -c a b; echo made > b/new; cat a/new; rm a/new'
fails "binding a path that does not exist" 1 "bind: $T/nothere: file does not exist" \
	9 ns bind nothere b
fails "binding onto a path that does not exist" 1 "bind: $T/nothere: file does not exist" \
	9 ns bind a nothere
fails "binding a directory onto a file" 1 "inconsistent mount" 9 ns bind a f1
fails "a union of files" 1 "inconsistent mount" 9 ns bind -a f1 f2
same "bind -q is quiet about failures" "0" ns9 'bind -q nothere b >[2=1]; echo $status' 
fails "bind -a with -b" 1 "usage: bind" 9 ns bind -ab a b

# --- unmount ---
same "unmount old undoes everything at old" "in-b" ns9 'bind a b; bind c b; unmount b; cat b/fb'
same "unmount new old undoes one bind" "in-b" ns9 'bind a b; unmount '$T'/a b; cat b/fb'
fails "unmounting what is not mounted" 1 "unmount: b: not mounted" 9 ns unmount b
fails "unmounting what is not in the union" 1 "not in union" ns9 'bind a b; unmount c b'
fails "unmounting a host directory" 1 "not mounted" 9 ns unmount /tmp

# --- ns ---
same "ns prints the table" "bind -c '#s' /srv
bind $T/a $T/b
bind $T/f1 $T/f2
cd $T" ns9 'bind a b; bind f1 f2; ns'
look="ls $T/a $T/b; cat $T/f2; pwd"
ns9 "bind a b; bind f1 f2; bind c a; cd /tmp; ns" > ns.out 2>&1
ns9 "bind a b; bind f1 f2; bind c a; cd /tmp; $look" > look.out 2>&1
same "ns output rebuilds the name space with 9 ns -n" "$(cat ns.out)" 9 ns -n ns.out ns
same "and the rebuilt one looks the same" "$(cat look.out)" 9 ns -n ns.out rc -c "$look"

# --- rfork ---
# waitfile f: wait (in rc) until file f exists
waitfile='fn waitfile { while(! test -e $1) sleep 0.05 }'
same "rfork n: the child's binds stay in the child" "in-c
in-a" ns9 'bind a b; @{rfork n; bind c b; cat b/fc}; cat b/fa'
same "rfork n: the parent's later binds stay in the parent" "in-c
in-a" ns9 "$waitfile"'; bind a b; {rfork n; touch forked; waitfile bound; cat b/fa} &
	waitfile forked; bind c b; cat b/fc; touch bound; wait; rm forked bound'
same "rfork n: unmount in the child leaves the parent's" "in-b
in-a" ns9 'bind a b; @{rfork n; unmount b; cat b/fb}; cat b/fa'
same "rfork n: ns sees each copy's table" "bind $T/c $T/b
bind $T/a $T/b" ns9 'bind a b; @{rfork n; bind c b; ns | grep /b}; ns | grep /b'
same "rfork N starts clean" "in-b
cd $T
bind $T/a $T/b" ns9 'bind a b; @{rfork N; cat b/fb; ns}; ns | grep /b'
same "a process group shares its name space" "in-a" \
	ns9 "$waitfile; {waitfile bound; cat b/fa} & bind a b; touch bound; wait; rm bound"

# --- namespace files ---
cat > nsfile <<EOF
# a test name space
bind $T/a $T/b

bind -q $T/nothere $T/c
cd $T/b
EOF
same "9 ns -n reads a namespace file" "fa sub" 9 ns -n nsfile rc -c "ls | tr '\n' ' ' | sed 's/ \$//'"
printf 'bind %s/a %s/b\nbind -x a b\n' "$T" "$T" > bad1
fails "a bad line names file and line" 1 "bad1:2: bind: bad flag -x" 9 ns -n bad1 true
printf '\n\nbind %s/nothere %s/b\n' "$T" "$T" > bad2
fails "a failing line names file, line and why" 1 \
	"bad2:3: bind: $T/nothere: file does not exist" 9 ns -n bad2 true
printf '. %s/bad2\n' "$T" > bad3
fails "errors in included files name them" 1 "bad2:3: bind:" 9 ns -n bad3 true
fails "a missing namespace file" 1 "nofile: file does not exist" 9 ns -n nofile true
printf 'bind $home/x /n\n' > bad4
fails "\$variables are expanded" 1 "bind: $HOME/x: file does not exist" 9 ns -n bad4 true

# --- nsd: its life and death ---
out=$(t 9 ns sh -c 'echo $PPID; (sleep 1.5 </dev/null >/dev/null 2>&1 &)')
nsd=$out
if [ -n "$nsd" ] && alive $nsd && grep -q nsd /proc/$nsd/cmdline; then
	ok "nsd stays while a process of the name space runs"
else
	notok "nsd stays" "nsd pid '$nsd'"
fi
for i in $(seq 50); do alive $nsd || break; sleep 0.1; done
! alive $nsd && ok "nsd goes when the last process of the name space has" ||
	notok "nsd goes" "still running: $(cat /proc/$nsd/cmdline 2>/dev/null | tr '\0' ' ')"
out=$(t 9 ns sh -c 'kill -KILL $PPID; sleep 0.2; cat '$T'/a/fa; ls /srv >/dev/null && echo paths work')
[ "$out" = "in-a
paths work" ] && ok "nsd dying leaves host paths working" || notok "nsd dying" "$out"

# --- a host without what name spaces need ---
cat > nouserns.sh <<EOF
echo 0 > /proc/sys/user/max_user_namespaces && exec 9 ns true
EOF
fails "without user namespaces: what is missing and the setting" 1 \
	"user namespaces are disabled on this host; sysctl -w user.max_user_namespaces" \
	unshare -U -r sh nouserns.sh
: > nofuse
chmod 0 nofuse
fails "without /dev/fuse: what is missing and the setting" 1 \
	"no read and write access to /dev/fuse (mode 0, group" \
	ns9 "bind $T/nofuse /dev/fuse && 9 ns true"
fails "the message says how to allow it" 1 "chmod 0666 /dev/fuse" \
	ns9 "bind $T/nofuse /dev/fuse && 9 ns true"

reports=$(cat "$T"/asan.* "$T"/ubsan.* 2>/dev/null)
[ -z "$reports" ] && ok "no sanitizer reports from any process" || notok "sanitizer reports" "$reports"
echo "1..$n"
