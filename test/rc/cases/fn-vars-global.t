# assignments inside functions are global
fn set { x=inside }
x=outside
set
echo $x
--- stdout
inside
