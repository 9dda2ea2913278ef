# $* is the argument list, $0 the script name, $1.. the arguments; missing ones are empty
echo $#* $*
echo $0
echo $1 $3 $4 end
echo $#4 $#1
--- driver
$RC ./t.rc a b c
--- stdout
3 a b c
./t.rc
a c end
0 1
