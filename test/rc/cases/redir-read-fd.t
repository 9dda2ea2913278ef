# <[3] opens a file on fd 3
echo three >f
sh -c 'cat <&3' <[3]f
--- stdout
three
