# rc -i reading a pipe: prompts go to stderr, a parse error is reported and rc keeps going
--- driver
printf 'echo one\necho )\necho two\n' | $RC -i 2>err
echo status $?
grep -c 'syntax error' err
--- stdout
one
two
status 0
1
