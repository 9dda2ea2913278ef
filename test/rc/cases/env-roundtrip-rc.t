# values survive rc -> rc -> rc unchanged
v=('x y' z)
$RCTEST -c '$RCTEST -c ''echo $#v; echo $v(1)'''
--- stdout
2
x y
