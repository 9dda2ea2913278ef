# 9front: builtin with nothing to run is an error
builtin
--- stderr
./t.rc:2: builtin: empty argument list
--- status
1
