# && runs the right side after success, || after failure
true && echo a
false && echo b
false || echo c
true || echo d
false || false || echo e
true && false || echo f
--- stdout
a
c
e
f
