# non-UTF-8 bytes in variables round-trip through assignment, echo and the environment
x=`{printf '\377\376a\200\301b'}
printf %s $x | od -An -tx1
$RCTEST -c 'printf %s $x' | od -An -tx1
y='é'
echo $y
--- stdout
 ff fe 61 80 c1 62
 ff fe 61 80 c1 62
é
