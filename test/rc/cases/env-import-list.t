# a child rc imports lists, functions and the empty element intact
x=(a 'b c' '' d)
fn greet { echo hello $1 }
$RCTEST -c 'echo $#x; echo $x(2); greet you'
--- stdout
4
b c
hello you
