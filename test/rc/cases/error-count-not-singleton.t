# 9front: the name after $# must be one word
x=(a b)
echo $#$x
--- stderr
./t.rc:3: $# variable name not singleton!
--- status
1
