# 9front: only the names . and .. need an explicit leading dot; * matches other dot files
touch .hid vis
mkdir d
touch d/x
echo *
echo .h*
echo .*
echo */x
--- stdout
.hid d t.rc vis
.hid
. .. .hid
d/x
