# rc -c runs its argument with eval on line 24 of rcmain, as 9front's rcmain does
--- driver
$RC -c 'nosuch-xyz' 2>&1 | sed 's/^.*rcmain:/rcmain:/'
$RC -c 'echo a; echo (' 2>&1 | sed 's/^.*rcmain:/rcmain:/'
--- stdout
rcmain:24 *eval*:1: nosuch-xyz: No such file or directory
rcmain:24 *eval*:2: syntax error
