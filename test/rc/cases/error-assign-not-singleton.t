# 9front: the name before = must be one word
x=(a b)
$x=1
--- stderr
./t.rc:3: = variable name not singleton!
--- status
1
