# a 100 000-byte word is exported to a child rc intact
x=`{head -c 100000 /dev/zero | tr '\0' a}
$RCTEST -c 'echo -n $x | wc -c'
--- stdout
100000
