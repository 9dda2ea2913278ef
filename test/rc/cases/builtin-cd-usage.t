# 9front: cd with two arguments prints a usage message and sets status
cd a b
echo $status
--- stdout
can't cd
--- stderr
Usage: cd [directory]
