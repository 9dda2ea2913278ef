# -v echoes input as it is read
echo hi
--- driver
$RC -v ./t.rc 2>err
cat err
--- stdout
hi
# -v echoes input as it is read
echo hi
