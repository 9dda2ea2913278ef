# 9front's rc has no -n flag: it is refused like any unknown flag
--- driver
$RC -n -c 'echo ran' 2>err
echo $?
sed 1q err
--- stdout
1
Illegal flag -n
