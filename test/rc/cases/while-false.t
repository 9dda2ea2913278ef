# a while whose condition starts false never runs its body
while(false) echo never
echo done
--- stdout
done
