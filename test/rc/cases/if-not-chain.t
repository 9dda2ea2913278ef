# if not if ... chains like else-if
x=2
if(~ $x 1) echo one
if not if(~ $x 2) echo two
if not echo other
--- stdout
two
