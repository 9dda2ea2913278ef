# exit stops the script; 9front unix.c: any non-empty status exits 1
echo a
exit oops
echo notreached
--- stdout
a
--- status
1
