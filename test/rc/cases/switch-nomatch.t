# no matching case runs nothing
switch(q){
case a
	echo a
}
echo end
--- stdout
end
