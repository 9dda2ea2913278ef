# assignments alone on a line persist
a=1 b=2
echo $a $b
--- stdout
1 2
