# an unmatched pattern stands for itself
echo *.nothing x?y
x=*.none
echo $x
--- stdout
*.nothing x?y
*.none
