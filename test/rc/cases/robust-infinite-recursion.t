# unbounded recursion ends with an error message, not a crash (no signal death)
--- driver
timeout 20 $RC -c 'fn r { r }; r' 2>err
s=$?
if [ $s -ge 1 ] && [ $s -lt 124 ]; then echo clean exit; else echo status $s; fi
[ -s err ] && echo has message
--- stdout
clean exit
has message
