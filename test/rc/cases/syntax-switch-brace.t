# switch's word must be followed by its { on the same line: yacc reads the next token
# before it skips newlines (syn.y's skipnl action), and fails there on anything else
eval 'switch ''x y'' ''q''
{
}'
eval 'switch x
{
}'
switch a {
case a
	echo ok
}
--- stdout
ok
--- stderr
./t.rc:3 *eval*:1: token q: syntax error
./t.rc:6 *eval*:2: syntax error
