# 9front unix.c: a program's exit code becomes $status as a number, so success is 0
true
echo $status
false
echo $status
sh -c 'exit 7'
echo $status
--- stdout
0
1
7
