# input ending inside an unclosed construct: the token is EOF
echo x
if(true
--- stdout
x
--- stderr
./t.rc:4: token EOF: syntax error
--- status
1
