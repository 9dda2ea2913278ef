# 9front -s: print the status after a command line whose status is not true
--- driver
printf 'false\ntrue\n' | $RC -s 2>err
grep -cx 'status=1' err
--- stdout
1
