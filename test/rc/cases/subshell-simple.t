# @ applies to a simple command too (with a blank: "@cd" would be one word)
cd /
@ cd /tmp
pwd
--- stdout
/
