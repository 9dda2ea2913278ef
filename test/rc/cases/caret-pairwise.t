# lists of equal length concatenate pairwise
echo (a b c)^(1 2 3)
x=(x y)
echo $x^$x
--- stdout
a1 b2 c3
xx yy
