# & sets $apid to the child's process id; wait waits for it
sleep 0 &
~ $apid [1-9]*
echo $status
x=$apid
wait $x
echo waited
--- stdout

waited
