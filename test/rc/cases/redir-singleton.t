# 9front: a redirection target must be one word
x=(a b)
echo x >$x
--- stderr
./t.rc:3: > requires singleton
--- status
1
