# a note function or sigexit starts as 9front starts it (startfunc with no locals and no
# redirections): it sees global variables, not the locals of the interrupted command, and
# rc's own descriptors, not the command's redirections
fn sighup { echo hup x $x }
fn sigexit { echo exit x $x i $i }
x=global
x=local { kill -HUP $pid; sleep 0.2 } >f
echo f has `{cat f}
for(i in a b) if(~ $i b) { x=local2 exit } >g
--- stdout
hup x global
f has
exit x global i
