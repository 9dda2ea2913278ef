# exit with no argument after a failing command exits non-zero
false
exit
--- status
1
