# an unmatched } is a syntax error
}
--- stderr
./t.rc:2: token '}': syntax error
--- status
1
