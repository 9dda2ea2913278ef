# shift drops the first n elements of $*
fn f { shift; echo $*; shift 2; echo $*; shift 5; echo $#* }
f a b c d e
--- stdout
b c d e
d e
0
