# 2000 levels of recursion work
fn d { if(! ~ $#* 0) { shift; d $* } }
x=`{seq 2000}
d $x
echo survived
--- stdout
survived
