# () is the empty list; echo of nothing prints an empty line
x=()
echo $#x
echo $x
y=''
echo $#y
--- stdout
0

1
