# $"var joins with single spaces into one word; empty gives one empty word
x=(a b 'c d')
y=$"x
echo $#y $y
z=()
w=$"z
echo $#w
--- stdout
1 a b c d
1
