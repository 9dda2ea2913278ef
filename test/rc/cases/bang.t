# ! inverts: a true status becomes "false", a false one empty
! true
echo $status
! false
echo /$status/
! ~ a b && echo notmatch
--- stdout
false
//
notmatch
