# -c runs its argument; further arguments become $*
--- driver
$RC -c 'echo $#* $*; echo two' a b
$RC -c 'exit 0'
echo $?
$RC -c 'false'
echo $?
--- stdout
2 a b
two
0
1
