# an empty while condition is true
n=()
while() {
	n=($n x)
	if(~ $#n 3) {
		echo three
		exit
	}
}
--- stdout
three
