# a redirection after {} applies to the whole group
{echo a; echo b} >f
cat f
{echo c; echo d} | sort -r
--- stdout
a
b
d
c
