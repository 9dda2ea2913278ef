# rc FILE runs the script with ". FILE", which searches $path for a name not starting
# with / ./ or ../ (simple.c execdot, searchpath): messages name the file as found, here
# ./t.rc; $0 stays as given
echo $0
nosuchcommand-xyz
--- driver
$RC t.rc
--- stdout
t.rc
--- stderr
./t.rc:5: nosuchcommand-xyz: No such file or directory
--- status
1
