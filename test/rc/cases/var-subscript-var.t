# subscripts may come from variables, with free carets forming ranges
x=(a b c d)
i=2
echo $x($i)
echo $x($i-)
j=(1 4)
echo $x($j)
--- stdout
b
b c d
a d
