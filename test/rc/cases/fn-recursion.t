# functions may recurse
fn count {
	if(! ~ $#* 0) {
		echo $#*
		shift
		count $*
	}
}
count a b c
echo end
--- stdout
3
2
1
end
