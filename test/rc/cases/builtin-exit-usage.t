# 9front: exit with too many arguments complains, then exits anyway with the first
exit a b
echo notreached
--- stderr
Usage: exit [status]
Exiting anyway
--- status
1
