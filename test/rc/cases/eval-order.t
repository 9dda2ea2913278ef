# words are evaluated right to left (code.c compiles ARGLIST, WORDS and both sides of ^
# right to left): $status is read before a backquote to its left runs, after one to its right
true; echo `{false} $status
true; echo `{echo a; false}^$status
true; x=($status `{false}); echo $x
true; x=(); x=($x `{false} $status); echo $x
true; ~ $status `{echo 1; false} && echo matched
true; for(i in `{false} $status) echo for $i
true; echo $status `{false} >[2]`{echo f; false}
cat f
--- stdout
0
a0
1
0
matched
for 0
1
