# free carets: $ after a word, a word after a quoted word, non-name chars after $name
stem=prog
flags=(a b)
echo $stem.c -$flags x'y'z
echo $stem^.o
echo 'q'w
--- stdout
prog.c -a -b xyz
prog.o
qw
