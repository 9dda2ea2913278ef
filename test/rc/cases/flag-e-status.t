# -e: rc's exit code reflects the failure
--- driver
$RC -e -c "sh -c 'exit 3'; echo notreached"
echo $?
$RC -e -c 'true; echo reached'
echo $?
--- stdout
1
reached
0
