# the same message when the failing command is the last one (rc execs it directly)
echo before
nosuchcommand_xyz
--- stdout
before
--- stderr
./t.rc:3: nosuchcommand_xyz: No such file or directory
--- status
1
