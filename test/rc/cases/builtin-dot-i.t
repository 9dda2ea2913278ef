# . -i reads a file interactively: a syntax error is reported and reading goes on
--- driver
printf 'echo a\necho )\necho b\n' >f
printf '. -i ./f\necho done\n' >t2.rc
$RC ./t2.rc 2>err
grep -c "token ')': syntax error" err
--- stdout
a
b
done
1
