# . -q of a missing file leaves $status alone (execdot returns without setting it)
false
. -q ./nosuch.rc
echo $status
true
. -q ./nosuch.rc
echo $status
--- stdout
1
0
