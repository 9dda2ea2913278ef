# if not runs when the preceding if's condition was false
if(false) echo a
if not echo b
if(true) echo c
if not echo d
--- stdout
b
c
