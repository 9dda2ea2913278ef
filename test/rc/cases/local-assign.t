# x=v cmd: the assignment lasts only for the command and is exported to it
x=global
x=local sh -c 'echo $x'
echo $x
y=temp env | grep '^y='
echo $#y
--- stdout
local
global
y=temp
0
