# while repeats while the list is true
x=()
while(! ~ $#x 3) {
	x=($x y)
	echo $#x
}
echo end
--- stdout
1
2
3
end
