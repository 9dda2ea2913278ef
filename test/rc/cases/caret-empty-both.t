# two empty lists concatenate to the empty list, no error
x=()
y=($x^$x)
echo $#y
--- stdout
0
