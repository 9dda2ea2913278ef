# a stray ) is a syntax error; lines before it have run, the rest is not run
echo x
echo )
echo y
--- stdout
x
--- stderr
./t.rc:3: token ')': syntax error
--- status
1
