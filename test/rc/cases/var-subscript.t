# subscripts pick elements (origin 1) in the order given; out of range gives nothing
x=(a b c d e)
echo $x(2)
echo $x(3 1)
echo $x(2-4)
echo $x(4-)
echo $x(9) $x(0) end
y=$x(6-)
echo $#y
--- stdout
b
c a
b c d
d e
end
0
