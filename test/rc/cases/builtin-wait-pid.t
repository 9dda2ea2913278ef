# wait pid waits for that process and sets $status to its exit
sh -c 'exit 6' &
p=$apid
wait $p
echo $status
--- stdout
6
