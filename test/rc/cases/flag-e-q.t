# a file read with . -q is not subject to -e (compile: !lex->qflag && flag['e'])
echo 'false; echo in quiet file' > q.rc
. -q ./q.rc
echo after
false
echo notreached
--- flags
-e
--- stdout
in quiet file
after
--- status
1
