# ~ with no patterns never matches
~ abc
echo $status
--- stdout
no match
