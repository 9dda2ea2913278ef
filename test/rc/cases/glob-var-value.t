# a pattern in an assignment is globbed; the value from a variable is not globbed again
touch a1 a2
x=a*
echo $#x $x
y='a*'
echo $y
--- stdout
2 a1 a2
a*
