# in a substituting here document $$ is a literal $, and names end at punctuation
x=val
cat <<EOF
cost $$5
$x.y $x-z
EOF
--- stdout
cost $5
val.y val-z
