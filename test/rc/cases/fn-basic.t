# functions get their arguments in $*, restored afterwards
fn show { echo $#* $* }
show a b c
show
echo outer $#*
--- stdout
3 a b c
0
outer 0
