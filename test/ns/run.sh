#!/bin/bash
# test/ns/run.sh: TAP tests of name spaces (9 ns, bind, mount, unmount, ns, rfork, nsd) run
# as an unprivileged user: planten-test when started as root.
. "$(dirname "$0")/lib.sh"

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
same "9 ns started with standard input and output closed" "ok" \
	sh -c "9 ns rc -c 'bind -a /tmp /n && test -e /dev/time && echo ok >[1=2]' <&- >&-"
9 ns sh -c 'trap "echo got HUP; exit 7" HUP; touch started; sleep 5 & wait' >sig.out 2>&1 &
nine=$!
for i in $(seq 50); do [ -e started ] && break; sleep 0.1; done
kill -HUP $nine
wait $nine
st=$?
[ $st = 7 ] && [ "$(cat sig.out)" = "got HUP" ] && ok "a signal sent to 9 goes to the program" ||
	notok "signal to 9" "status $st: $(cat sig.out)"
rm -f started
9 ns sh -c 'touch started; sleep 5' &
nine=$!
for i in $(seq 50); do [ -e started ] && break; sleep 0.1; done
kill -TERM $nine
wait $nine
st=$?
[ $st = 143 ] && ok "... and 9 ends as the program did" || notok "TERM to 9" "status $st"
same "rc is the default command, reading standard input" "from rc" \
	sh -c 'echo "echo from rc" | 9 ns'
t 9 ns nosuchcommand 2>err
st=$?
[ $st -ge 126 ] && grep -q "9: nosuchcommand: " err && ok "a missing command" ||
	notok "a missing command" "status $st: $(cat err)"
same "9 CMD runs planten's CMD ahead of the host's" "$(dirname "$(dirname "$(command -v 9)")")/nsbin/mount" \
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
same "a srv directory \$NAMESPACE names but that is not there yet is made" "drwx------ ok" \
	env NAMESPACE="$T/newsrv" 9 ns sh -c 'echo $(stat -c %A /srv) ok'
same "the working directory is kept" "$T" 9 ns pwd
same "nothing leaks to the host" "0" \
	sh -c "9 ns bind $T/a $T/b; grep -c ' $T/b ' /proc/self/mountinfo || true"

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
same "ns prints the table, then cd" "bind $T/a $T/b
bind $T/f1 $T/f2
cd $T" ns9 "bind a b; bind f1 f2; ns | grep $T"
look="ls $T/a $T/b; cat $T/f2; pwd"
ns9 "bind a b; bind f1 f2; bind c a; cd /tmp; ns" > ns.out 2>&1
ns9 "bind a b; bind f1 f2; bind c a; cd /tmp; $look" > look.out 2>&1
same "ns output rebuilds the name space with 9 ns -n" "$(cat ns.out)" 9 ns -n ns.out ns
same "and the rebuilt one looks the same" "$(cat look.out)" 9 ns -n ns.out rc -c "$look"

# --- rfork ---
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
fork="$top_builddir/test/ns/nsfork"
same "nsrfork(NSRFNAMEG), the library call: the child's bind stays in the child" "in-c
in-a" ns9 "bind a b; $fork c b cat b/fc; cat b/fa"
same "nsrfork(NSRFCNAMEG): a clean name space" "bind $T/c $T/b
in-a" ns9 "bind a b; $fork -N c b rc -c 'ns | grep /b'; cat b/fa"
same "a process group shares its name space" "in-a" \
	ns9 "$waitfile; {waitfile bound; cat b/fa} & bind a b; touch bound; wait; rm bound"

same "a name space another program copies (unshare -m) is adopted as a copy" \
	"bind $T/c $T/b
bind $T/a $T/b" ns9 "bind a b; unshare -m sh -c 'bind c b; ns | grep /b'; ns | grep /b"

# --- interactive: 9 ns alone is rc, reading the terminal with its line editor ---
if command -v tmux >/dev/null 2>&1; then
	sock=nstest$$
	tmux -L $sock -f /dev/null new-session -d -x 80 -y 24 \
		"cd '$T' && TERM=xterm PATH='$PATH' NAMESPACE='$NAMESPACE' 9 ns; echo exited \$?; sleep 30" 2>/dev/null
	for i in $(seq 50); do tmux -L $sock capture-pane -p 2>/dev/null | grep -q '% ' && break; sleep 0.1; done
	tmux -L $sock send-keys 'bind a b; ls b' Enter 2>/dev/null
	tmux -L $sock send-keys 'cho from' C-a 'e' C-e '-ns' Enter 2>/dev/null
	tmux -L $sock send-keys 'exit' Enter 2>/dev/null
	for i in $(seq 50); do tmux -L $sock capture-pane -p | grep -q '^exited' && break; sleep 0.1; done
	pane=$(tmux -L $sock capture-pane -p 2>/dev/null)
	tmux -L $sock kill-server 2>/dev/null
	if [[ $pane == *"from-ns"* ]] && [[ $pane == *"fa"* ]] && [[ $pane == *"exited 0"* ]]; then
		ok "9 ns alone: rc, interactive, with its line editor"
	else
		notok "interactive 9 ns" "$pane"
	fi
fi

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

# the user's own namespace file, read after the default one; -n reads neither
mkdir -p home/lib
echo "bind $T/a $T/b" > home/lib/namespace
same "\$home/lib/namespace adds to the default name space" "fa sub" \
	env HOME="$T/home" home="$T/home" 9 ns sh -c "ls $T/b | tr '\n' ' ' | sed 's/ \$//'"
same "... after the default file (#s and #c are there)" "ok" \
	env home="$T/home" 9 ns sh -c "test -e /dev/time && test -d /srv && test -e $T/b/fa && echo ok"
same "without \$HOME, \$home is the user's home directory" "$(getent passwd "$(id -un)" | cut -d: -f6)" \
	env -u HOME -u home 9 ns sh -c 'echo $home'
echo "bind $T/c $T/b" > nsfile2
same "-n names a file used in their place" "fc" env home="$T/home" 9 ns -n nsfile2 sh -c "test -e /dev/time || ls $T/b"
printf 'bind %s/a %s/b\nclear\nbind %s/c %s/a\n' "$T" "$T" "$T" "$T" > clearfile
same "clear in a namespace file starts clean" "fb
fc" 9 ns -n clearfile sh -c "ls $T/b; ls $T/a"

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
	"user namespaces are disabled; sysctl -w user.max_user_namespaces=15000 enables them" \
	unshare -U -r sh nouserns.sh
# the other settings that forbid them, faked over /proc/sys in a user namespace of our own
# (the real limit is 0, so the call fails; what the message names is read from the fakes)
cat > faked.sh <<EOF
echo 0 > /proc/sys/user/max_user_namespaces || exit 9
mkdir k && echo 15000 > max && echo \$1 > k/\$2 &&
	mount --bind max /proc/sys/user/max_user_namespaces &&
	mount --bind k /proc/sys/kernel || exit 9
exec 9 ns true
EOF
fails "unprivileged user namespaces disabled (Debian's sysctl): what and the setting" 1 \
	"unprivileged user namespaces are disabled; sysctl -w kernel.unprivileged_userns_clone=1 enables them" \
	unshare -U -r -m sh faked.sh 0 unprivileged_userns_clone
rm -rf k max
fails "AppArmor forbidding them (Ubuntu's sysctl): what and the setting" 1 \
	"AppArmor forbids them; sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 allows them" \
	unshare -U -r -m sh faked.sh 1 apparmor_restrict_unprivileged_userns
rm -rf k max
mkdir -p hostdev
cat > nodevfuse.sh <<EOF
mount --rbind /dev hostdev && mount -t tmpfs t /dev && touch /dev/null &&
	mount --bind hostdev/null /dev/null || exit 9
exec 9 ns true
EOF
fails "without /dev/fuse at all: what is missing and how to get it" 1 \
	"/dev/fuse: file does not exist; load the fuse module (modprobe fuse)" \
	unshare -U -r -m sh nodevfuse.sh
: > nofuse
chmod 0 nofuse
fails "without /dev/fuse: what is missing and the setting" 1 \
	"no read and write access to /dev/fuse (mode 0, group" \
	ns9 "bind $T/nofuse /dev/fuse && 9 ns true"
fails "the message says how to allow it" 1 "chmod 0666 /dev/fuse allows it" \
	ns9 "bind $T/nofuse /dev/fuse && 9 ns true"

finish
