# ^ concatenates scalars
echo a^b a^'b c'^d
x=foo
echo $x^bar bar^$x
--- stdout
ab ab cd
foobar barfoo
