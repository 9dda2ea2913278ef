# eval reads its text as "{" text "}\n" (newlexer's peekc and epilog) and parses it whole:
# an error anywhere in it runs none of it; its lines count from 1, and the braces can
# close early
x='echo a
echo b
echo ('
eval $x
echo $status
eval 'echo c }'
eval 'echo d
if not echo e'
x='echo f


switch(a){
echo g
}'
eval $x
--- stdout
syntax error
c
--- stderr
./t.rc:7 *eval*:4: syntax error
./t.rc:9 *eval*:2: token '}': syntax error
./t.rc:10 *eval*:4: `if not' does not follow `if(...)'
./t.rc:18 *eval*:8: case missing in switch
--- status
1
