# backslash-newline is a blank; backslash is otherwise ordinary
echo a \
	b
echo a\b c\\d
--- stdout
a b
a\b c\\d
