# >{} gives a file name whose writes go to the command's input
echo data > >{tr a-z A-Z >out}
wait
cat out
--- stdout
DATA
