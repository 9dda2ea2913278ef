# if runs the command when the list's status is true
if(true) echo yes
if(false) echo no
if(true; false) echo no2
if(false; true) echo yes2
if(~ a a) {
	echo braced
}
--- stdout
yes
yes2
braced
