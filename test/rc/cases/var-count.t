# $#var counts elements; never-set variables have none
x=(a b c)
echo $#x $#nosuchvar
x=(a)
echo $#x
--- stdout
3 0
1
