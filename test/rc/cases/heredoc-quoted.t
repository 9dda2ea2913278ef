# a quoted tag substitutes nothing
x=world
cat <<'EOF'
hello $x
$x^y
EOF
--- stdout
hello $x
$x^y
