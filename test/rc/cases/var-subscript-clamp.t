# a range past the end stops at the last element
x=(a b c)
echo $x(2-10)
echo $x(3-)
--- stdout
b c
c
