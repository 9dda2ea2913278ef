# -I forces non-interactive: no prompt even with -i semantics off
--- driver
printf 'echo a\n' | $RC -I 2>err
wc -c <err
--- stdout
a
0
