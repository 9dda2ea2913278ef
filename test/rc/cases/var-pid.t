# $pid is rc's process id: a number, the same in a subshell's parent view
~ $pid [1-9]*
echo $status
~ $pid *[~0-9]*
echo $status
x=`{sh -c 'echo $PPID'}
~ $x $pid && echo same
--- stdout

no match
same
