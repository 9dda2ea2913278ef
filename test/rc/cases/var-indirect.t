# $$name indirects
a=b
b=(hello world)
echo $$a
echo $#$a
--- stdout
hello world
2
