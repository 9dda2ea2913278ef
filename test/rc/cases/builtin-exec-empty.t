# 9front: exec needs a command; "exec >f" alone is an error, not a redirection of rc
echo a
exec >f
echo notreached
--- stdout
a
--- stderr
./t.rc:3: exec: empty argument list
--- status
1
