# 9front: whatis without arguments is a usage error
whatis
--- stderr
./t.rc:2: Usage: whatis name ...
--- status
1
