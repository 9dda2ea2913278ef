# a=() deletes: the variable is not exported any more
x=hello
x=()
echo $#x
env | grep -c '^x='
echo done
--- stdout
0
0
done
