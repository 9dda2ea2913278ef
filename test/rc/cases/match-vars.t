# pattern characters that come from a variable or quotes are literal
p=('*.c' '*.h')
~ x.h $p || echo literal
~ '*.h' $p && echo exact
--- stdout
literal
exact
