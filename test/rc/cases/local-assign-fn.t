# local assignment applies to functions and builtins
fn show { echo $v }
v=outer
v=inner show
show
v=/ cd $v
pwd
echo $v
--- stdout
inner
outer
/
outer
