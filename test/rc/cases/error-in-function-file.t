# an error inside a function is reported with the file the function was defined in (the
# code keeps its file name, srcfile); back in the caller its own file and line count again
echo 'fn f {
	echo in f
	echo $x^(a b c)
}' >lib.rc
. ./lib.rc
x=(1 2)
@{ f }
echo $x^(a b c)
--- stdout
in f
--- stderr
./lib.rc:3: mismatched list lengths in concatenation
./t.rc:10: mismatched list lengths in concatenation
--- status
1
