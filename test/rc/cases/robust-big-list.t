# 100 000-element lists (dropped before running programs: an environment entry that
# large would exceed Linux's per-string limit for execve)
x=`{seq 100000}
n=$#x a=$x(1) b=$x(100000)
y=($x $x)
m=$#y
y=()
z=$x^.
k=$#z l=$z(99999)
z=() x=()
echo $n $a $b
echo $m
echo $k $l
--- stdout
100000 1 100000
200000
100000 99999.
