# exit with no argument uses $status; an empty status exits 0
false
status=''
exit
--- status
0
