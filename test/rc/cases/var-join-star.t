# $"* joins the arguments
fn f { x=$"*; echo $#x $x }
f a b c
--- stdout
1 a b c
