# fn name with no body deletes the function
fn f { echo f }
f
fn f
whatis f
--- stderr
f: not found
--- status
1
--- stdout
f
