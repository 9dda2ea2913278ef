# 9front: cd searches $cdpath; a directory found through an entry other than "" or .
# is printed on stderr
mkdir -p base/target
cdpath=(. base)
cd target
pwd | sed 's,.*/base/,base/,'
cd /
cd nosuchdir
echo $status
--- stdout
base/target
can't cd
--- stderr
base/target
Can't cd nosuchdir: No such file or directory
