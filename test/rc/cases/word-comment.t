# # starts a comment except inside quotes
echo a # b c
echo 'a # b'
# whole-line comment
echo c#d
--- stdout
a
a # b
c
