# quoted words: '' inside quotes is one quote; specials lose their meaning
echo 'it''s' 'a b' '$x' '#no comment' ''''
echo '' | od -c
--- stdout
it's a b $x #no comment '
0000000  \n
0000001
