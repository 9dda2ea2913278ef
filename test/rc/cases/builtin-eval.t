# eval joins its arguments with spaces and runs the result
x='echo a; echo b'
eval $x
eval echo '$x'
cmd=(echo 'hello world')
eval $cmd
--- stdout
a
b
echo a; echo b
hello world
