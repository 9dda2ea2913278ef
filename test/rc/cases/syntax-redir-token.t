# tokens in messages are written as 9front's lexer writes them: the first digit of a
# redirection's fd twice, <> as <<; <{ can start any word, so a redirection in a list
# wants a {
eval '~ a a >[2=1]'
eval '~ a a >[21=1]'
eval 'switch(a) <> f'
eval 'echo a >[2x] f'
eval 'fn f >> x'
eval 'for(i in a <b) echo'
--- stderr
./t.rc:4 *eval*:1: token '>[22=1]': syntax error
./t.rc:5 *eval*:1: token '>[221=1]': syntax error
./t.rc:6 *eval*:1: token '<<': syntax error
./t.rc:7 *eval*:1: token '>[22': redirection syntax
./t.rc:7 *eval*:2: token '>[22': syntax error
./t.rc:8 *eval*:1: token x: syntax error
./t.rc:9 *eval*:1: token b: syntax error
--- status
1
