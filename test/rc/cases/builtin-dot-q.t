# . -q ignores a missing file
. -q ./nosuch.rc
echo reached
--- stdout
reached
