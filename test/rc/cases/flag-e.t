# -e exits when a simple command fails; conditions and && || are exempt
echo a
if(false) echo no
false || echo b
~ x y && echo no
false
echo notreached
--- flags
-e
--- stdout
a
b
--- status
1
