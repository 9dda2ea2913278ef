# . looks a relative name up in $path in order, even one with a slash in it (searchpath);
# the file is then named as found
mkdir -p a/lib lib
echo 'echo in a; nosuchcommand-xyz' > a/lib/x.rc
echo 'echo in cwd; nosuchcommand-xyz' > lib/x.rc
echo 'nosuchcommand-xyz' > lib/y.rc
path=(a . $path)
. lib/x.rc
path=(. a $path)
. lib/x.rc
. lib/y.rc
--- stdout
in a
in cwd
--- stderr
a/lib/x.rc:1: nosuchcommand-xyz: No such file or directory
./lib/x.rc:1: nosuchcommand-xyz: No such file or directory
./lib/y.rc:1: nosuchcommand-xyz: No such file or directory
--- status
1
