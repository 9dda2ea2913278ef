# flag f + sets, flag f - clears, flag f tests
flag x
echo $status
flag e +
flag e
echo /$status/
flag e -
flag e
echo $status
--- stdout
flag not set
//
flag not set
