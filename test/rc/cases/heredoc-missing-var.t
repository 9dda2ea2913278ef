# an unset variable substitutes nothing in a here document
cat <<EOF
[$nosuch]
EOF
--- stdout
[]
