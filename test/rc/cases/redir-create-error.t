# 9front: "> can't create"
echo x >/nonexistent/dir/f
echo notreached
--- stderr
./t.rc:2: > can't create: /nonexistent/dir/f: No such file or directory
--- status
1
