# 9front getflags: an unknown flag prints "Illegal flag" and a usage line, exit status 1
--- driver
$RC -Z -c 'echo no' 2>err
echo $?
sed 1q err
grep -c '^Usage: ' err
--- stdout
1
Illegal flag -Z
1
