# a variable name is letters, digits, _ and *: other characters end it
a_1=x
echo $a_1.y $a_1-z
--- stdout
x.y x-z
