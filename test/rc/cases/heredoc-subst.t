# an unquoted tag substitutes $name; a ^ after the name is deleted
x=world
y=(a b)
cat <<EOF
hello $x
list $y
caret $x^ly
literal 'quotes' and `{not run}
EOF
echo after
--- stdout
hello world
list a b
caret worldly
literal 'quotes' and `{not run}
after
