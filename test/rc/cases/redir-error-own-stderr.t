# rc's own error messages go to its own fd 2 even where fd 2 is redirected (Xerror writes
# on err); a program run there gets the redirection
@{ x=(a b); y=(1 2 3); echo $x^$y } >[2]f
echo status $status
{ sh -c 'echo from sh >&2' } >[2]g
@{ sh -c 'echo in pipe >&2'; cd /nonexistent-xyz } >[2]h | cat
cat f g h
--- stdout
status 1
from sh
in pipe
--- stderr
./t.rc:3: mismatched list lengths in concatenation
Can't cd /nonexistent-xyz: No such file or directory
