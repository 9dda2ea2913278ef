# an error inside a function stops the whole script
fn f {
	echo in f
	echo (a b)^(1 2 3)
	echo notreached
}
f
echo notreached either
--- stdout
in f
--- stderr
./t.rc:4: mismatched list lengths in concatenation
--- status
1
