# builtins set $status: cd failure "can't cd", whatis miss "not found", flag miss "flag not set"
cd /nonexistent/dir
echo $status
whatis nosuchthing_xyz
echo $status
flag x
echo $status
cd /
echo /$status/
--- stdout
can't cd
not found
flag not set
//
--- stderr
Can't cd /nonexistent/dir: No such file or directory
nosuchthing_xyz: not found
