# -e exits through sigexit, then looks at the status again (Xexit steps back onto Xeflag):
# when sigexit ends with a true status the script goes on
--- driver
printf 'flag e +\nfn sigexit { echo sigexit }\nfalse\necho goes on\nfalse\necho notreached\n' >a.rc
$RC ./a.rc
echo code $?
printf 'flag e +\nfn sigexit { echo sigexit; false }\nfalse\necho notreached\n' >b.rc
$RC ./b.rc
echo code $?
--- stdout
sigexit
goes on
code 1
sigexit
code 1
