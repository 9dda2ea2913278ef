# nested loops
for(i in 1 2) for(j in a b) echo $i$j
--- stdout
1a
1b
2a
2b
