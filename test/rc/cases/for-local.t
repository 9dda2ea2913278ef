# 9front: the for variable is local to the loop; an outer value comes back afterwards
i=outer
for(i in a b) echo $i
echo $i
--- stdout
a
b
outer
