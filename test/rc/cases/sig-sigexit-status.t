# exit runs sigexit, then the exit command again (Xexit steps back onto it): exit's
# argument is the status if it has one, else the status sigexit left; an exit inside
# sigexit, or in a subshell, just exits
--- driver
$RC -c 'fn sigexit { echo sigexit $status $*; false }; exit'
echo code $?
$RC -c 'fn sigexit { true }; exit failed'
echo code $?
$RC -c 'fn sigexit { echo in; exit }; exit failed'
echo code $?
$RC -c 'fn sigexit { echo sigexit }; @{ exit 2 }; echo subshell $status'
echo code $?
$RC -c 'fn sigexit { echo sigexit $*; exit 1 2 }; fn f { exit } ; f a b'
echo code $?
--- stdout
sigexit 
code 1
code 1
in
code 0
subshell 1
code 0
sigexit a b
code 1
--- stderr
Usage: exit [status]
Exiting anyway
