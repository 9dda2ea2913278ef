# empty output gives the empty list; the status of the command is kept
x=`{true}
echo $#x
x=`{sh -c 'exit 4'}
echo $status
--- stdout
0
4
