# 9front: concatenating with an empty list is an error
x=()
echo ok
echo a^$x
echo notreached
--- stdout
ok
--- stderr
./t.rc:4: null list in concatenation
--- status
1
