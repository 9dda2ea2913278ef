# whatis names builtins and gives full paths of programs
whatis cd . eval
path=(/bin)
whatis ls
--- stdout
builtin cd
builtin .
builtin eval
/bin/ls
