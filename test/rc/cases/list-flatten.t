# lists have no structure: nested parentheses flatten
((echo) (hi there) everybody)
x=(a (b (c d)) () e)
echo $#x $x
--- stdout
hi there everybody
5 a b c d e
