# > truncates or creates, >> appends, < reads
echo one >f
echo two >>f
echo three >>f
cat <f
echo new >f
cat f
--- stdout
one
two
three
new
