# with no file argument and a non-tty stdin, rc reads commands from stdin
--- driver
printf 'echo from stdin\nx=1\necho $x\n' | $RC
--- stdout
from stdin
1
