# . runs a file in the current rc, with its own $*
echo 'echo in dot $*; v=set' > lib.rc
. ./lib.rc a b
echo $v $#*
--- stdout
in dot a b
set 0
