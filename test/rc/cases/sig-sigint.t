# fn sigint handles SIGINT
fn sigint { echo caught int }
kill -INT $pid
sleep 0.1
echo after
--- stdout
caught int
after
