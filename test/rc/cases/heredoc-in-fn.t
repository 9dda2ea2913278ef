# a here document inside a function body is substituted when the function runs
fn greet {
	cat <<EOF
hi $1
EOF
}
greet bob
greet ann
--- stdout
hi bob
hi ann
