# a pipeline's status joins its members' statuses with |, left to right
false | true
echo $status
true | sh -c 'exit 3' | false
echo $status
--- stdout
1|0
0|3|1
