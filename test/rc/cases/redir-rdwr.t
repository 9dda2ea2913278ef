# <> opens once for reading and writing, on fd 0 by default
echo hello >f
sh -c 'read x; echo $x' <>f
sh -c 'echo more >&3' <>[3]f
cat f
--- stdout
hello
more

