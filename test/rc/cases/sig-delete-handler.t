# fn sigusr1 with no body restores the default action (rc exits)
--- driver
$RC -c 'fn sigusr1 { echo h }; kill -USR1 $pid; sleep 0.1
	fn sigusr1; kill -USR1 $pid; sleep 1; echo notreached'
echo exited
--- stdout
h
exited
