# 9front unix.c: a function is exported as "#()fn name body" (no =), body as whatis prints it
fn f {echo hi}
env -0 | grep -za '^#()fn f ' | tr '\0' '\n'
--- stdout
#()fn f {
	echo hi
}
