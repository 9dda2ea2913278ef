# inside quotes a newline and backslash-newline are literal
echo 'a
b' 'c\
d'
--- stdout
a
b c\
d
