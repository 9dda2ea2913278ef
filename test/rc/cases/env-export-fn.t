# 9front unix.c: a function is exported as "#()fn name body" (no =)
fn f {echo hi}
env | grep -a '^#()fn f '
--- stdout
#()fn f {
	echo hi
}
