# an unmatched } is a syntax error
}
--- stderr
./t.rc:1: token '}': syntax error
--- status
1
