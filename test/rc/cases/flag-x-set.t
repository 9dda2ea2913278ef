# flag x + turns tracing on in the middle of a script
echo quiet
flag x +
echo loud
flag x -
echo quiet again
--- stdout
quiet
loud
quiet again
--- stderr
echo loud
flag x -
