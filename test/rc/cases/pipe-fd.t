# |[2] pipes fd 2 of the left into the right's stdin
sh -c 'echo out; echo err >&2' |[2] tr a-z A-Z >/dev/null
sh -c 'echo e2 >&2' |[2] cat
--- stdout
out
e2
