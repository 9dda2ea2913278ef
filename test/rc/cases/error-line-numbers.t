# error messages carry the line of the failing command
x=(a b)

echo ok


echo $x^(1 2 3)
--- stdout
ok
--- stderr
./t.rc:7: mismatched list lengths in concatenation
--- status
1
