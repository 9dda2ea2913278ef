#!/bin/bash
# test/ns/pipe.sh: TAP tests of #|, the pipe device nsd serves: bind '#|' dir gives data
# and data1, two ends of a new pipe; write boundaries kept, end of file and "write on
# closed pipe" once an end is closed, flow control, interrupted reads; as an unprivileged
# user.
. "$(dirname "$0")/lib.sh"

needfuse

same "bind '#|' gives data and data1" "data data1" ns9 "bind '#|' /mnt/p && echo \`{ls /mnt/p}"
same "what is written on data is read from data1, to the end once data is closed" "hello" \
	ns9 "bind '#|' /mnt/p; cat /mnt/p/data1 & echo hello > /mnt/p/data; wait"
cat > ends.py <<'PY'
import os, sys, time
d = sys.argv[1]
a = os.open(d + "/data", os.O_RDWR)
b = os.open(d + "/data1", os.O_RDWR)
os.write(a, b"a"); os.write(a, b"bc"); os.write(b, b"back")
print(os.read(b, 100).decode(), os.read(b, 100).decode(), os.read(a, 100).decode())
os.close(b)
time.sleep(0.5)	# the close reaches nsd after the call returns
try:
    os.write(a, b"x"); print("write allowed")
except OSError as e:
    print("write:", e.strerror)
print("read:", len(os.read(a, 10)))
PY
same "both ways, each write one message; a closed end: end of file, and writes fail" \
	"a bc back
write: Broken pipe
read: 0" ns9 "bind '#|' /mnt/q; python3 ends.py /mnt/q"
same "each bind is a new pipe" "two" \
	ns9 "bind '#|' /mnt/a; bind '#|' /mnt/b; echo one > /mnt/a/data & echo two > /mnt/b/data &
		cat /mnt/b/data1; wait"
same "a writer ahead of its reader waits (1 MB through 256 KB)" "1048576" \
	ns9 "bind '#|' /mnt/s; dd 'if=/dev/zero' 'bs=64k' 'count=16' 'status=none' > /mnt/s/data &
		sleep 0.5; cat /mnt/s/data1 | wc -c; wait"
start=$(date +%s)
same "a read waiting for data is interrupted" "killed alive" \
	ns9 "bind '#|' /mnt/r; cat /mnt/r/data1 & sleep 0.3; kill \$apid; wait; echo -n 'killed '
		test -e /mnt/r/data && echo alive"
[ $(( $(date +%s) - start )) -lt 10 ] && ok "... at once" || notok "interrupted read took too long"
same "#| after rfork m" "ok" ns9 "rfork m; bind '#|' /mnt/p && echo ok"
same "ns prints it" "bind -a '#|' /mnt/p" ns9 "bind '#|' /mnt/p; ns | grep '#|'"
fails "#| is a directory: not onto a file" 1 "inconsistent mount" 9 ns rc -c "touch f; bind '#|' f"
finish
