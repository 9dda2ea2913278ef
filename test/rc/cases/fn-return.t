# 9front has no return builtin: a function's status is that of its last command
fn ok { true }
fn bad { sh -c 'exit 5' }
ok; echo $status
bad; echo $status
--- stdout
0
5
