# for(i) loops over $*
fn f { for(a) echo arg $a }
f x y
--- stdout
arg x
arg y
