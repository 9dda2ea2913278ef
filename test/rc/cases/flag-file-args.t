# rc file args: $0 is the file, $* the args
echo $0 $*
--- driver
$RC ./t.rc x y
--- stdout
./t.rc x y
