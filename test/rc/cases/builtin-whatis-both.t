# a name that is both a variable and a function prints both
x=1
fn x { echo }
whatis x
--- stdout
x=1
fn x {
	echo
}
