# a dup from a closed descriptor fails and leaves the target as it was (Dup's error is
# ignored), so echo still writes on the original fd 1
{ echo inner >[1=2] } >[2=]
echo fifty-seven >[1=57]
--- stdout
inner
fifty-seven
