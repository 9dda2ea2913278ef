# two here documents on one line are read in order
cat <<A; cat <<B
first
A
second
B
--- stdout
first
second
