# switch runs the commands after the first matching case up to the next case
fn s {
	switch($1){
	case a
		echo is a
	case b c
		echo is b or c
	case *
		echo default
	}
}
s a; s c; s zzz
--- stdout
is a
is b or c
default
