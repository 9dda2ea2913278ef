# |[a=b]: the left command's fd b feeds the right command's fd a (9front lex.c/code.c order)
echo to3 |[3=1] sh -c 'cat <&3'
sh -c 'echo viaerr >&2' |[3=2] sh -c 'cat <&3'
--- stdout
to3
viaerr
