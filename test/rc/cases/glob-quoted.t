# quoted metacharacters are not globbed
touch abc
echo 'a*' a'*' ab'c'
echo a*
--- stdout
a* a* abc
abc
