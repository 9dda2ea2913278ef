# & does not set $status from the background command
true
sh -c 'exit 9' &
echo $status
wait
--- stdout
0
