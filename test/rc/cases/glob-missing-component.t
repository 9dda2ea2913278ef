# a plain last component after a pattern must exist (globdir checks access): */foo lists
# only the directories that have a foo, and */nosuch matches nothing
mkdir d1 d2
touch d1/foo
echo */foo
echo */nosuch
--- stdout
d1/foo
*/nosuch
