# whatis writes its answers on the redirected fd 1 (mapfd), "not found" on rc's own fd 2
x=1
whatis x cd >f
cat f
whatis nosuch-xyz >[2=1] >g
echo $status
cat g
echo end of g
--- stdout
x=1
builtin cd
not found
end of g
--- stderr
nosuch-xyz: not found
