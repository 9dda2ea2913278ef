# built-ins see no redirections: 9front applies them only in the processes it starts
# (simple.c doredir, at exec), so their messages go to rc's own fd 2 and f stays empty
builtin cd /nonexistent-xyz >[2]f
echo status $status
cat f
echo end of f
shift 1 2 >[2]f
exit 1 2 >[2]f
--- stdout
status can't cd
end of f
--- stderr
Can't cd /nonexistent-xyz: No such file or directory
Usage: shift [n]
Usage: exit [status]
Exiting anyway
--- status
1
