# exec of a missing program reports and exits
exec nosuchcommand_xyz
echo notreached
--- stderr
./t.rc:2: nosuchcommand_xyz: No such file or directory
--- status
1
