# case words are patterns; / and leading . need not be matched explicitly
for(x in foo.c /usr/bin .hidden x9) switch($x){
case *.c
	echo C $x
case /*
	echo path $x
case .*
	echo dot $x
case x[0-9]
	echo xdigit $x
}
--- stdout
C foo.c
path /usr/bin
dot .hidden
xdigit x9
