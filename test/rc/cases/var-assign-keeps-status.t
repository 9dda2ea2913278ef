# an assignment does not change $status
false
x=1
echo $status
--- stdout
1
