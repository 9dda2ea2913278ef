# wait with no argument waits for every background process
{ sleep 0.2; echo bg1 } &
{ sleep 0.1; echo bg2 } &
wait
echo all done
--- stdout
bg2
bg1
all done
