# a file without execute permission: the error from exec
echo 'echo no' >plain
./plain
echo $status
--- stdout
1
--- stderr
./t.rc:3: ./plain: Permission denied
