# several commands belong to one case
switch(b){
case a
	echo no
case b
	echo one
	echo two
case c
	echo no
}
--- stdout
one
two
