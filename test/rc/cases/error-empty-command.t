# 9front: a command that evaluates to no words is an error
x=()
$x
echo notreached
--- stderr
./t.rc:3: empty argument list
--- status
1
