# "Bad here tag" does not stop the parse (yacc's action reports it and goes on past the
# end of the line), so the command goes on on the next line, and fails as a whole
echo a
cat <<$x ;
echo (
echo notreached
--- stdout
a
--- stderr
./t.rc:4: token ';': Bad here tag
./t.rc:6: syntax error
--- status
1
