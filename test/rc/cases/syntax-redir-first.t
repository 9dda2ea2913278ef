# a bad redirection first on a line ends the input (9front's lexer returns an end of
# file to yacc), so there is just the one message, and the script stops there
echo a
>[x] f
echo notreached
--- stdout
a
--- stderr
./t.rc:4: token '>[x': redirection syntax
--- status
1
