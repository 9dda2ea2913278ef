# functions work in pipelines and subshells
fn up { tr a-z A-Z }
echo abc | up
@{ up } <<EOF
def
EOF
--- stdout
ABC
DEF
