# $ifs splits `{} output; the default is space, tab and newline
x=`{echo 'a b	c
d'}
echo $#x
ifs=:
y=`{echo -n a:b c:d}
echo $#y $y(2)
--- stdout
4
3 b c
