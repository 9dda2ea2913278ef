# . sees no redirections: /dev/stdin and /dev/fd/0 are rc's own standard input, as it was
# before the command's redirections (9front applies them only in the processes it starts)
. /dev/stdin <<EOF
echo from here document
EOF
echo end
--- stdin
echo from stdin
--- stdout
from stdin
end
