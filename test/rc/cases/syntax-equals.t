# = is special: outside an assignment it is a syntax error (9front: file:line, no "rc:" prefix)
echo first
echo a=b
echo notreached
--- stdout
first
--- stderr
./t.rc:3: token '=': syntax error
--- status
1
