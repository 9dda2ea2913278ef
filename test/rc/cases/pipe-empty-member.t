# a member of a pipeline may be empty (syn.y: cmd can be empty): | cmd, cmd |, or both
| echo a
echo $status
|[2] true
echo $status
fn f { | echo x | }
whatis f
--- stdout
a
0|0
0|0
fn f {
	|echo x|
}
