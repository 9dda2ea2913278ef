# a \001-separated value from a non-rc parent becomes a list
--- driver
x="$(printf 'a\001b\001c')" $RC -c 'echo $#x $x(3)'
--- stdout
3 c
