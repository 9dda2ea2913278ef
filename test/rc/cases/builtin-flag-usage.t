# 9front: a bad flag call is a usage error
flag a b c
--- stderr
./t.rc:2: Usage: flag [letter] [+-]
--- status
1
