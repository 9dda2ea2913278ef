# exec replaces rc: nothing after it runs
echo before
exec echo replaced
echo notreached
--- stdout
before
replaced
