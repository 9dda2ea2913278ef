# 9front unix.c: a child killed by signal N gives status 1000+N
sh -c 'kill -TERM $$'
echo $status
sh -c 'kill -KILL $$'
echo $status
--- stdout
1015
1009
