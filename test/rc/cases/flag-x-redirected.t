# -x traces on rc's own fd 2, whatever the command's redirections (Xsimple's pfmt(err))
flag x +
echo hi >[2]/dev/null
--- stdout
hi
--- stderr
echo hi
