# 9front has no return builtin: whatis does not know it, and a function ends at its brace
whatis return
fn f { echo a; ~ x y }
f
echo $status
--- stdout
a
no match
--- stderr
return: not found
