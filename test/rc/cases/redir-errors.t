# 9front: a redirection that cannot be opened is an error that stops the script
echo start
cat </nonexistent/file
echo notreached
--- stdout
start
--- stderr
./t.rc:3: < can't open: /nonexistent/file: No such file or directory
--- status
1
