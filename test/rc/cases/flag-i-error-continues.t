# an interactive rc keeps going after a runtime error
--- driver
printf 'echo (a b)^(c d e)\necho after\n' | $RC -i 2>err
grep -c 'mismatched list lengths in concatenation' err
--- stdout
after
1
