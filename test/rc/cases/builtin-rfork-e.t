# rfork e gives the rc a fresh copy of the environment group; rc keeps working
x=1
rfork e
echo $x
rfork s
echo $status
--- stdout
1

