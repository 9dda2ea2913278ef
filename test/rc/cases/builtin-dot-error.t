# 9front: . of a missing file is an error
. ./nosuch.rc
echo notreached
--- stderr
./t.rc:2: . can't open: ./nosuch.rc: No such file or directory
--- status
1
