# an unhandled signal ends rc without sigexit (trap.c dotrap: Exit), with the exit code of
# the status it had
--- driver
$RC -c 'fn sigexit { echo sigexit }; kill -TERM $pid; sleep 1; echo notreached'
echo code $?
cat >s.rc <<'EOF2'
fn sigexit { echo sigexit }
sh -c 'kill -TERM $PPID; exit 3'
sleep 1
echo notreached
EOF2
$RC ./s.rc
echo code $?
--- stdout
code 0
code 1
