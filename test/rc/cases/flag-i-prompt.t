# an interactive rc prints $prompt(1) before each command and $prompt(2) for continuations
--- driver
cat >in <<'EOF'
prompt=('P> ' 'C> ')
if(true)
echo x
exit
EOF
$RC -i <in 2>err
cat err; echo
--- stdout
x
% P> C> P> 
