# wait with no argument waits for every background process
{ sleep 0.3; echo bg1 >f1 } &
{ sleep 0.1; echo bg2 >f2 } &
wait
cat f1 f2
echo all done
--- stdout
bg1
bg2
all done
