# * ? [] match file names, results sorted
touch b.c a.c c.h ab.c
echo *.c
echo ?.c
echo [ab].*
echo [~b]*.c
echo *.[ch]
--- stdout
a.c ab.c b.c
a.c b.c
a.c b.c
a.c ab.c
a.c ab.c b.c c.h
