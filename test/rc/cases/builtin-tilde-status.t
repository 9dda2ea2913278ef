# 9front: ~ joins a list subject with spaces before matching; an empty subject is ''
~ (a b) a || echo joined
~ (a b) 'a b' && echo match
x=()
~ $x '' && echo empty
--- stdout
joined
match
empty
