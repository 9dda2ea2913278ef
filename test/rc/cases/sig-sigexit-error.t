# an error that ends a script does not run sigexit (Xerror unwinds straight to Exit)
fn sigexit { echo sigexit }
x=(a b); echo $x^(1 2 3)
echo notreached
--- stderr
./t.rc:3: mismatched list lengths in concatenation
--- status
1
