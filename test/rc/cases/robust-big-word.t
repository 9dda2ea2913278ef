# a 1 MB word survives assignment and concatenation (whatis, a builtin, writes it out)
x=`{head -c 1000000 /dev/zero | tr '\0' a}
n=$#x
y=$x^b
whatis x >f1
whatis y >f2
x=() y=()
echo $n
wc -c <f1
wc -c <f2
--- stdout
1
1000003
1000004
