# $* can be subscripted and counted like any variable
fn f { echo $*(2) $#* $*(2-) }
f a b c
--- stdout
b 3 b c
