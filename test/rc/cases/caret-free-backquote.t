# a free caret is inserted before ` after a word
echo x`{echo y}
echo `{echo a}^b
--- stdout
xy
ab
