# 9front unix.c: variables are exported as name=value with lists joined by \001
x=(a b c)
y=single
env | grep -a '^[xy]=' | sort | od -c | sed 's/  */ /g'
--- stdout
0000000 x = a 001 b 001 c \n y = s i n g l e
0000020 \n
0000021
