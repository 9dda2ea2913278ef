# 9front: a command that cannot be found: "file:line: name: strerror", status 1
nosuchcommand_xyz arg
echo $status
--- stdout
1
--- stderr
./t.rc:2: nosuchcommand_xyz: No such file or directory
