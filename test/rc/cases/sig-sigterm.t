# a sigterm handler runs when rc gets SIGTERM; rc keeps going
fn sigterm { echo caught term }
kill -TERM $pid
sleep 0.1
echo still here
--- stdout
caught term
still here
