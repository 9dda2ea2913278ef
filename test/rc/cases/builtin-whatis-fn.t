# whatis prints a function as its definition, reformatted as 9front's pcmd does
fn f {echo hi}
fn g {echo a; echo $1}
whatis f g
--- stdout
fn f {
	echo hi
}
fn g {
	echo a; echo $1
}
