# 9front: mismatched lengths are an error that stops a script (file:line prefix, no "rc:")
echo before
echo (a b)^(1 2 3)
echo after
--- stdout
before
--- stderr
./t.rc:3: mismatched list lengths in concatenation
--- status
1
