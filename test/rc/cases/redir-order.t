# redirections apply left to right
sh -c 'echo o; echo e >&2' >f >[2=1]
sort f
--- stdout
e
o
