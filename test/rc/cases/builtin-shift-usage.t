# 9front: shift with two arguments prints a usage message
shift 1 2
echo $status
--- stdout
shift usage
--- stderr
Usage: shift [n]
