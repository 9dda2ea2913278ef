# a function shadows a builtin; builtin calls the real one
fn cd { echo not changing to $1 }
cd /tmp
builtin cd /
pwd
--- stdout
not changing to /tmp
/
