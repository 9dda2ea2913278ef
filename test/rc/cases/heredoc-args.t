# $1 in a here document is the first argument
fn f {
	cat <<EOF
first=$1 all=$*
EOF
}
f a b
--- stdout
first=a all=a b
