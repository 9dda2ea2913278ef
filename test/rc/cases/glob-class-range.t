# classes: a reversed range [b-a] matches as if its ends were swapped; a - just before
# the ] ([a-] [+-]) runs the range past the ] and the class is malformed: it matches
# nothing (glob.c match), in ~ and in globbing
~ b [b-a] && echo reversed
~ a [a-] || echo 'a [a-]: no'
~ - [a-] || echo '- [a-]: no'
~ + [+-] || echo '+ [+-]: no'
~ - [+-] || echo '- [+-]: no'
~ '^' [a-]b] && ~ b [a-]b] && echo '[a-]b]: ] to a, and b'
touch a b - +
echo [b-a]
echo [a-]
echo [+-]
--- stdout
reversed
a [a-]: no
- [a-]: no
+ [+-]: no
- [+-]: no
[a-]b]: ] to a, and b
a b
[a-]
[+-]
