# eval with no arguments is a usage error in 9front
eval
--- stderr
./t.rc:2: Usage: eval cmd ...
--- status
1
