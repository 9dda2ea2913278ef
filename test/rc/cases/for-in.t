# for(i in list) assigns each element in turn; the variable is local to the loop
for(i in a b 'c d') echo $i
echo last $i
for(i in) echo never
--- stdout
a
b
c d
last
