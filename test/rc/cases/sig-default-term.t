# without a handler SIGTERM ends a non-interactive rc
--- driver
$RC -c 'kill -TERM $pid; sleep 1; echo notreached'
echo exited
--- stdout
exited
