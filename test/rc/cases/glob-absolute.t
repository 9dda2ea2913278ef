# patterns starting with / are matched, at the top too (native 9front's globdir takes
# leading slashes as a directory; its Unix port misses /pro?), and runs of slashes come
# out as one
mkdir -p d/sub
touch d/sub/f1 d/sub/f2
here=`{pwd}
echo $here/d/*/f* | sed 's,^'^$here^',HERE,; s, '^$here^', HERE,g'
echo d//s*//f1
echo /pro?
--- stdout
HERE/d/sub/f1 HERE/d/sub/f2
d/sub/f1
/proc
