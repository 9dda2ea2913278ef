# <{} gives a file name that reads the command's output
cat <{echo hello}
cmp <{echo a} <{echo a} && echo same
cmp -s <{echo a} <{echo b} || echo differ
--- stdout
hello
same
differ
