# -b parses the whole file before running anything, so a late syntax error stops it all
echo first
echo )
--- flags
-b
--- stderr
./t.rc:3: token ')': syntax error
--- status
1
