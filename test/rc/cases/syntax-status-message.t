# a syntax error sets $status to its message (yyerror's setstatus); eval's caller goes on.
# Errors found once the command is parsed whole are reported at the line the lexer has
# reached by then, in eval after the closing "}\n" it adds
eval 'if not echo x'
echo $status
eval 'switch(a){echo b}'
echo $status
eval 'cat <<$x'
echo $status
eval 'echo >[x] f'
echo $status
eval 'echo ('
echo $status
--- stdout
`if not' does not follow `if(...)'
case missing in switch
Bad here tag
syntax error
syntax error
--- stderr
./t.rc:4 *eval*:3: `if not' does not follow `if(...)'
./t.rc:6 *eval*:3: case missing in switch
./t.rc:8 *eval*:2: Bad here tag
./t.rc:10 *eval*:1: token '>[x': redirection syntax
./t.rc:10 *eval*:2: token '>[x': syntax error
./t.rc:12 *eval*:2: syntax error
