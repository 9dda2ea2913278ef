# assignment of lists and reassignment
x=(1 2 3)
x=($x 4)
echo $x
x=$x(2)
echo $x
--- stdout
1 2 3 4
2
