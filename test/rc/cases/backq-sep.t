# `sep{} splits on the given characters instead of $ifs; a list of separators is joined
# with spaces first (9front Xqw), so space becomes a separator too
x=`:{echo -n a:b::c:}
echo $#x $x(2) $x(3)
y=`(: ,){echo -n 'a b:c,d'}
echo $#y $y(1) $y(4)
--- stdout
3 b c
4 a d
