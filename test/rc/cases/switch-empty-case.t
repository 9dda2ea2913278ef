# a case with no commands matches and does nothing; later cases are not run
switch(a){
case a
case b
	echo b
}
echo end
--- stdout
end
