# -x prints each simple command on stderr, words quoted as rc input, before running it
# (the driver drops the trace of rcmain, which comes before ". ./t.rc")
x=(a 'b c')
echo $x
fn f { echo in f }
f arg
cd /
--- driver
$RC -x ./t.rc 2>err
if grep -qx '\. \./t\.rc' err; then sed '1,/^\. \.\/t\.rc$/d' err >&2; else cat err >&2; fi
--- stdout
a b c
in f
--- stderr
echo a 'b c'
f arg
echo in f
cd /
