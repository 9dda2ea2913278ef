# unquoted words end at specials
echo x#comment
echo a'b'c 'a=b'
--- stdout
x
abc a=b
