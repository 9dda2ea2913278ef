# a newline may follow the condition
if(true)
	echo after-newline
--- stdout
after-newline
