# planten (not 9front's unix.c): $path and $PATH are kept in step, both ways
path=(/a /b)
/bin/sh -c 'echo $PATH'
PATH=/x:/y:/z
whatis path
path=()
/usr/bin/env | /bin/grep -c '^PATH='
--- stdout
/a:/b
path=(/x /y /z)
0
--- status
1
