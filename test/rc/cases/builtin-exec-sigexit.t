# exec that fails exits through sigexit; then the command is run again, as a command
# (Xexit steps back onto Xsimple, exec already popped), and the script goes on
fn sigexit { echo sigexit }
exec ./nosuch-xyz
echo goes on $status
--- stdout
sigexit
goes on 1
--- stderr
./t.rc:4: ./nosuch-xyz: No such file or directory
./t.rc:4: ./nosuch-xyz: No such file or directory
