# fn sigexit is not run when the input ends: rcmain's last command runs the script, and
# 9front's execcmds then drops the bootstrap's Xexit (exitnext, turfstack)
fn sigexit { echo bye }
echo hello
--- stdout
hello
