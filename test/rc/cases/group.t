# {} groups run in the same rc
x=1
{ x=2; echo in $x }
echo out $x
{ echo a
  echo b }
--- stdout
in 2
out 2
a
b
