# a scalar distributes over a list on either side
echo (a b c)^.c
echo -^(x y z)
x=(1 2)
echo pre$x
--- stdout
a.c b.c c.c
-x -y -z
pre1 pre2
