# a function that redefines itself runs its old body to the end (code is reference counted)
fn f { fn f { echo new }; echo old; echo more }
f
f
--- stdout
old
more
new
