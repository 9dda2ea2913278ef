# a local assignment may be a list and several may precede a command
a=(1 2) b=3 sh -c 'echo "$a" $b' | od -c | sed 1q
--- stdout
0000000   1 001   2       3  \n
