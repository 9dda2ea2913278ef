# <[0=3] duplicates fd 3 onto standard input
echo via3 >f
sh -c 'cat' <[3]f <[0=3]
--- stdout
via3
