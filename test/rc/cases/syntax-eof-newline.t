# a command line must end with a newline (syn.y: line '\n'): one cut off by the end of
# the file, as by an unterminated quote, a trailing && or |, or a missing last newline,
# is "token EOF: syntax error" and none of it runs
--- driver
printf 'echo a\necho b' >s1.rc
$RC ./s1.rc; echo status $?
printf "echo a\necho 'unterminated\necho c\n" >s2.rc
$RC ./s2.rc; echo status $?
printf 'echo a\necho b &&\n' >s3.rc
$RC ./s3.rc; echo status $?
printf 'echo a\necho b |\n\n' >s4.rc
$RC ./s4.rc; echo status $?
printf 'echo a\n# a comment at the end' >s5.rc
$RC ./s5.rc; echo status $?
--- stdout
a
status 1
a
status 1
a
status 1
a
status 1
a
status 0
--- stderr
./s1.rc:2: token EOF: syntax error
./s2.rc:4: token EOF: syntax error
./s3.rc:3: token EOF: syntax error
./s4.rc:4: token EOF: syntax error
