# `{} substitutes the command's output split on $ifs
x=`{echo a b; echo c}
echo $#x $x
echo `{echo nested `{echo inner}}
--- stdout
3 a b c
nested inner
